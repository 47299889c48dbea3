import { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors';
import type { Draft, JsonValue, ProcessData } from './records';

/**
 * A task form is a zod object schema. Fields carry their label (and, for
 * long text, `widget: 'textarea'`) as zod metadata:
 *
 * @example
 * const form = z.object({
 *   subject: z.string().min(1).meta({ label: 'Subject' }),
 *   summary: z.string().max(2000).meta({ label: 'Summary', widget: 'textarea' }),
 *   pages: z.number().int().min(1).meta({ label: 'Pages' }),
 *   priority: z.enum(['low', 'high']).meta({ label: 'Priority' }),
 *   urgent: z.boolean().meta({ label: 'Urgent' }),
 *   due: z.iso.date().optional().meta({ label: 'Due date' }),
 * });
 */
export type FormSchema = z.ZodObject<z.ZodRawShape>;

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'checkbox' | 'date';

export interface FieldDescriptor {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options: string[];
  help: string | null;
}

interface FieldMeta {
  label?: string;
  widget?: string;
  help?: string;
}

function metaOf(schema: z.ZodType): FieldMeta {
  return (schema.meta() as FieldMeta | undefined) ?? {};
}

/** Strips optional/nullable/default wrappers, collecting metadata on the way. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; meta: FieldMeta } {
  let current: z.ZodType = schema;
  let optional = false;
  let meta: FieldMeta = { ...metaOf(schema) };
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      optional = true;
      current = current.unwrap() as z.ZodType;
      meta = { ...metaOf(current), ...meta };
      continue;
    }
    return { inner: current, optional, meta };
  }
}

function kindOf(inner: z.ZodType, meta: FieldMeta): { kind: FieldKind; options: string[] } {
  if (inner instanceof z.ZodEnum) return { kind: 'select', options: inner.options.map(String) };
  if (inner instanceof z.ZodBoolean) return { kind: 'checkbox', options: [] };
  if (inner instanceof z.ZodNumber) return { kind: 'number', options: [] };
  if (inner instanceof z.ZodISODate) return { kind: 'date', options: [] };
  if (inner instanceof z.ZodString) return { kind: meta.widget === 'textarea' ? 'textarea' : 'text', options: [] };
  throw new TypeError(`unsupported form field type: ${inner.def.type}`);
}

function humanize(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

const descriptorCache = new WeakMap<FormSchema, FieldDescriptor[]>();

/** The fields of a form, in declaration order, for rendering. */
export function describeForm(schema: FormSchema): FieldDescriptor[] {
  const cached = descriptorCache.get(schema);
  if (cached) return cached;
  const fields = Object.entries(schema.shape).map(([name, field]) => {
    const { inner, optional, meta } = unwrap(field as z.ZodType);
    const { kind, options } = kindOf(inner, meta);
    return {
      name,
      label: meta.label ?? humanize(name),
      kind,
      // A checkbox always has a value (false when unticked).
      required: !optional && kind !== 'checkbox',
      options,
      help: meta.help ?? null,
    };
  });
  descriptorCache.set(schema, fields);
  return fields;
}

/**
 * Turns raw form input (strings from an HTML form, or typed values from code)
 * into the values the schema checks: numbers from digits, checkboxes from
 * presence, empty optional inputs to "absent".
 */
function coerce(field: FieldDescriptor, raw: unknown): unknown {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  switch (field.kind) {
    case 'checkbox':
      return value === true || value === 'on' || value === 'true' || value === '1';
    case 'number': {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim();
      if (trimmed === '') return undefined;
      const n = Number(trimmed);
      return Number.isFinite(n) ? n : value;
    }
    default:
      if (value === '' && !field.required) return undefined;
      return value;
  }
}

/**
 * Validates submitted input against a form. Unknown fields are ignored.
 * Throws {@link ValidationError} with one issue per bad field.
 */
export function parseForm(schema: FormSchema, input: Record<string, unknown>): ProcessData {
  const candidate: Record<string, unknown> = {};
  for (const field of describeForm(schema)) {
    const raw = Object.prototype.hasOwnProperty.call(input, field.name) ? input[field.name] : undefined;
    const value = coerce(field, raw);
    if (value !== undefined) candidate[field.name] = value;
  }
  const result = schema.safeParse(candidate);
  if (!result.success) {
    const issues: FieldIssue[] = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '_form',
      message: issue.message,
    }));
    throw new ValidationError(issues);
  }
  return result.data as Record<string, JsonValue>;
}

/**
 * Keeps only the text a user typed into a form's own fields, as typed.
 * Whatever else was posted (buttons, tokens, unknown names) is dropped, and
 * nothing is validated: a draft may be incomplete or invalid.
 */
export function draftFromInput(schema: FormSchema, input: Record<string, unknown>): Draft {
  const draft: Draft = {};
  for (const field of describeForm(schema)) {
    if (!Object.prototype.hasOwnProperty.call(input, field.name)) continue;
    const raw = input[field.name];
    if (typeof raw === 'string') draft[field.name] = raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean') draft[field.name] = String(raw);
    else if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) draft[field.name] = raw as string[];
  }
  return draft;
}

/** Values to prefill a form with: the draft first, else the process data. */
export function formValues(schema: FormSchema, data: ProcessData, draft: Draft | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of describeForm(schema)) {
    const fromDraft = draft?.[field.name];
    if (typeof fromDraft === 'string') {
      out[field.name] = fromDraft;
      continue;
    }
    if (Array.isArray(fromDraft)) {
      out[field.name] = fromDraft[fromDraft.length - 1] ?? '';
      continue;
    }
    // An unticked checkbox is simply absent from a submitted draft.
    if (draft && field.kind === 'checkbox') {
      out[field.name] = '';
      continue;
    }
    const value = data[field.name];
    if (value === undefined || value === null) out[field.name] = '';
    else if (typeof value === 'boolean') out[field.name] = value ? 'on' : '';
    else out[field.name] = String(value);
  }
  return out;
}
