#!/usr/bin/env node
// Generates the Prisma client for each provider (src/db/generated/<provider>).
// Runs from `postinstall`, so it must work on a fresh machine that cannot
// reach Prisma's binary host: every `prisma` CLI command first tries to
// download the native schema engine, but `prisma generate` never uses it.
// Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that
// download (see docs/notes on Prisma offline). The runtime needs no native
// engine: the generated client runs its query compiler as Wasm.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

for (const provider of ['sqlite', 'postgresql']) {
  const result = spawnSync(
    process.execPath,
    [prismaCli, 'generate', '--schema', join('prisma', provider, 'schema.prisma')],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PRISMA_PROVIDER: provider,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    },
  );
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${provider} (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
