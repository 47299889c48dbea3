import { inputFuzzSuite } from '../support/input-fuzz-suite';

inputFuzzSuite('soak: bad input, malformed requests to every route that takes input', { posts: 600, gets: 200, odd: 200, seed: 90210 });
