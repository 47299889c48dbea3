import { z } from 'zod';
import { NotFoundError, ValidationError, type FieldDescriptor, type Keyset } from '../engine';

/**
 * Parses route parameters: a malformed id names nothing that exists, so it
 * is a 404 like a missing one.
 */
export function parseParams<T extends z.ZodType>(schema: T, params: unknown, entity: 'task' | 'process' | 'flow'): z.output<T> {
  const result = schema.safeParse(params);
  if (!result.success) throw new NotFoundError(entity, 'malformed');
  return result.data;
}

/** Parses a query string or a body; a mismatch is a 400 with one issue per field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '_form', message: issue.message })),
      'the request is not valid',
    );
  }
  return result.data;
}

/** Digits only, as a number within `[min, max]`. */
const digits = (min: number, max: number, message = 'expected a number') =>
  z.string().regex(/^\d{1,10}$/, message).transform(Number).pipe(z.number().int().min(min).max(max));

const id = () => digits(1, 2 ** 31 - 1);
export const idParams = z.object({ id: id() });
export const flowName = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);
export const flowParams = z.object({ flow: flowName });

/** An optional select value: empty means "no filter". */
const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal('').transform(() => undefined), schema]).optional();

/** A list cursor: `<time in ms>_<id>` of the last row of the previous page. */
const cursor = z
  .string()
  .regex(/^\d{1,15}_\d{1,10}$/)
  .transform((value): Keyset => {
    const [at, rowId] = value.split('_');
    return { at: new Date(Number(at)), id: Number(rowId) };
  });

export function encodeCursor(keyset: Keyset | null): string | null {
  return keyset ? `${keyset.at.getTime()}_${keyset.id}` : null;
}

export const listQuery = z.object({
  flow: optionalFilter(flowName),
  after: optionalFilter(cursor),
});

export const pausedQueueQuery = listQuery.extend({
  owner: optionalFilter(id()),
  /** Minimum time paused, in hours. */
  minAge: optionalFilter(digits(0, 87_600)),
});

const version = digits(0, 2 ** 31 - 1, 'missing version');

/** The task form's own controls; the form fields are parsed per form by {@link formFieldsSchema}. */
export const taskPostBody = z.object({
  version,
  _pause: z.string().max(100).optional(),
  pauseReason: z.string().max(500).optional(),
  resumeBy: z.string().max(40).optional(),
});

export const versionBody = z.object({ version });

export const reassignBody = z.object({
  version,
  /** Empty when the admin did not choose anyone. */
  to: z.union([z.literal('').transform(() => null), digits(1, 2 ** 31 - 1, 'Choose a user')]),
});

export const loginBody = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(100),
  password: z.string().min(1, 'Enter your password').max(1000),
});

/** Where to go after login: a local path only, never another site. */
export const nextQuery = z.object({
  next: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])[\x21-\x7e]*$/)
    .optional()
    .catch(undefined),
});

const rawValue = z.union([z.string().max(20_000), z.array(z.string().max(20_000)).max(20)]);

/**
 * The fields of one form as posted: strings (or repeated strings), bounded,
 * nothing else. Keys other than the form's own are dropped.
 */
export function formFieldsSchema(fields: readonly FieldDescriptor[]) {
  return z.object(Object.fromEntries(fields.map((field) => [field.name, rawValue.optional()])));
}

/** The posted values of a form's fields, read only from the body's own keys. */
export function formInput(fields: readonly FieldDescriptor[], body: unknown): Record<string, string | string[]> {
  const source = (body ?? {}) as Record<string, unknown>;
  const own: Record<string, unknown> = {};
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(source, field.name)) own[field.name] = source[field.name];
  }
  const parsed = parseInput(formFieldsSchema(fields), own);
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) out[key] = value;
  return out;
}

/** A YYYY-MM-DD date as the end of that day (UTC), or null when empty or not a date. */
export function dateOrNull(value: string | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T23:59:59.000Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
