import { inputFuzzSuite } from '../support/input-fuzz-suite';

inputFuzzSuite('bad input: malformed requests to every route that takes input (fast variant; npm run test:soak sends more)', {
  posts: 150,
  gets: 40,
  odd: 40,
  seed: 5150,
});
