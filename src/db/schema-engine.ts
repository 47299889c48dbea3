import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { CharAsTextClient } from './char-as-text-client';
import { type DatabaseProvider, sqliteFileUrl } from './database-provider';

/*
 * Prisma's schema engine compiled to Wasm, driven through a driver adapter.
 * The `prisma migrate` CLI cannot be used on machines that cannot reach
 * Prisma's binary host (it downloads a native engine first); this engine
 * needs nothing but the npm package. It writes the same `_prisma_migrations`
 * table as `prisma migrate deploy`, so the normal CLI can take over later.
 */

type EngineModule = typeof import('@prisma/schema-engine-wasm');

let loading: Promise<EngineModule> | null = null;

/**
 * Loads the Wasm module once per process. The package's entry imports the
 * .wasm file as an ES module, which Node 20 refuses without a flag, so the
 * module is instantiated by hand the way that entry would.
 */
function loadEngineModule(): Promise<EngineModule> {
  loading ??= (async () => {
    // Without a registry a Rust panic surfaces as an unrelated JS error.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as EngineModule & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
    };
    const bytes = await readFile(join(dir, 'schema_engine_bg.wasm'));
    // tsconfig has no DOM lib, and @types/node 20 does not declare WebAssembly.
    const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmApi };
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return loading;
}

let lastPanic: string | null = null;

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

function adapterFactory(provider: DatabaseProvider, url: string) {
  return provider === 'sqlite'
    ? new PrismaBetterSqlite3({ url: sqliteFileUrl(url) })
    : new PrismaPg({ connectionString: url, max: 2, Client: CharAsTextClient });
}

/**
 * Runs `fn` with a schema engine connected to `url` (any URL for pure diffs
 * of files: the engine then only uses the shadow database). The engine's
 * connections are closed before this returns, so SQLite callers may open
 * their own single connection afterwards.
 */
export async function withSchemaEngine<T>(
  provider: DatabaseProvider,
  url: string,
  schemaText: string,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const mod = await loadEngineModule();
  const factory = adapterFactory(provider, url);
  // Keep every adapter the engine opens so that all of them are disposed.
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking = {
    adapterName: factory.adapterName,
    provider: factory.provider,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = provider === 'sqlite' ? acceptScripts(await factory.connectToShadowDb()) : await pgShadowDb(url);
      opened.push(adapter);
      return adapter;
    },
  };
  const logs: string[] = [];
  lastPanic = null;
  const bound = bindMigrationAwareSqlAdapterFactory(tracking as never);
  const engine = await mod.SchemaEngine.new(
    { datamodels: [['schema.prisma', schemaText]] },
    (line: string) => logs.push(line),
    bound,
  );
  try {
    return await fn(engine);
  } catch (error) {
    throw engineError(error, bound.errorRegistry);
  } finally {
    engine.free();
    for (const adapter of opened.reverse()) await adapter.dispose().catch(() => undefined);
  }
}

/**
 * A scratch PostgreSQL database, dropped on dispose. Replaces
 * PrismaPg.connectToShadowDb, which passes `{ connectionString, database }`
 * to pg: the connection string wins, so its "shadow" is the main database
 * itself and replaying migrations there writes into it.
 */
async function pgShadowDb(url: string) {
  const admin = await new PrismaPg({ connectionString: url, max: 1 }).connect();
  const name = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
  await admin.executeScript(`CREATE DATABASE "${name}"`);
  const shadowUrl = new URL(url);
  shadowUrl.pathname = `/${name}`;
  const shadow = await new PrismaPg({ connectionString: shadowUrl.toString(), max: 2, Client: CharAsTextClient }).connect();
  const dispose = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    await dispose();
    try {
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.dispose();
    }
  };
  return shadow;
}

type Query = { sql: string; args: unknown[] };
type Queryable = {
  executeRaw(q: Query): Promise<number>;
  queryRaw(q: Query): Promise<unknown>;
  executeScript(script: string): Promise<void>;
};

/**
 * When the engine replays migrations on a SQLite shadow database it sends
 * each whole migration.sql through executeRaw/queryRaw, and better-sqlite3's
 * prepare() refuses more than one statement. Such parameterless scripts are
 * run with exec() instead.
 */
function acceptScripts<A extends object>(adapter: A): A {
  const target = adapter as unknown as Queryable;
  const executeRaw = target.executeRaw.bind(target);
  const queryRaw = target.queryRaw.bind(target);
  const orScript =
    <R>(run: (q: Query) => Promise<R>, empty: R) =>
    async (q: Query): Promise<R> => {
      try {
        return await run(q);
      } catch (error) {
        const multi = /more than one statement/.test(String((error as { message?: string })?.message));
        if (!multi || q.args.length > 0) throw error;
        await target.executeScript(q.sql);
        return empty;
      }
    };
  target.executeRaw = orScript(executeRaw, 0);
  target.queryRaw = orScript(queryRaw, { columnNames: [], columnTypes: [], rows: [] } as unknown);
  return adapter;
}

/**
 * The engine reports a driver failure as "External error id#N"; the
 * driver's own error sits in the adapter's registry under that id.
 */
function engineError(error: unknown, registry: { consumeError(id: number): { error: unknown } | undefined }): Error {
  const base = error instanceof Error ? error : new Error(JSON.stringify(error));
  const external = /External error id#(\d+)/.exec(base.message);
  const cause = external ? registry.consumeError(Number(external[1]))?.error : undefined;
  if (cause) base.message = `${base.message}\ncaused by: ${cause instanceof Error ? cause.message : JSON.stringify(cause)}`;
  if (lastPanic) base.message = `${base.message} (schema engine panic: ${lastPanic})`;
  return base;
}
