import pg from 'pg';

/** PostgreSQL's internal one-byte `"char"` type (e.g. pg_constraint.contype). */
const CHAR_OID = 18;
const TEXT_OID = 25;

type Fields = { fields?: { dataTypeID: number }[] } | undefined;

function relabel<R>(result: R): R {
  for (const field of (result as Fields)?.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  return result;
}

/**
 * A pg Client that reports `"char"` result columns as `text`. Only for the
 * Wasm schema engine: when it describes a PostgreSQL schema (diff from
 * migrations, drift checks) it selects catalog columns of type `"char"`,
 * which @prisma/adapter-pg 7.10 cannot map ("Column type 'char' could not be
 * deserialized"). pg already returns those values as one-character strings,
 * so relabelling the column is all that is missing.
 */
export class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => (last as (e: unknown, r: unknown) => void)(err, relabel(res));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return (out instanceof Promise ? out.then(relabel) : out) as never;
  }
}
