/**
 * Malformed requests for the input fuzz test, from a seeded PRNG so that a
 * failure can be replayed. A value is either text (percent-encoded when
 * sent) or `{ raw }`, sent as it is: that is how bytes no browser would
 * send (invalid UTF-8, a lone surrogate, a stray `%`) get on the wire.
 */
export type FuzzValue = string | { raw: string };
export type FuzzPairs = [string, FuzzValue][];

export const BODY_LIMIT_BYTES = 100 * 1024;

/** Values that are wrong for almost every field: types, numbers, ids, unicode, injection. */
const BAD_VALUES: FuzzValue[] = [
  '', ' ', '-1', '0', '1e309', '0x10', '9999999999999999999', ' 1', '1 ', '1;DROP TABLE "Task"', "1' OR '1'='1",
  '1.5', 'NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'true', 'false', '[]', '{}', '{"a":1}', '[object Object]',
  '\u0000', 'a\u0000b', '\u202eevil', '\ufeff1', '１２３', '٣', '😀', 'ß'.repeat(50), '\r\n', '\t', '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>', '../../etc/passwd', '%00', '%', '2026-02-30', '2026-13-01', '99999-01-01', '0_0', '1_', '_1',
  '999999999999999_1', '1_99999999999', 'x'.repeat(1000),
  { raw: '%ED%A0%80' }, // a lone surrogate, as UTF-8 bytes
  { raw: '%F0%9F%98' }, // a cut emoji
  { raw: '%C0%AF' }, // an overlong slash
  { raw: '%FF%FE' },
  { raw: '%' },
  { raw: '%zz' },
  { raw: '%u0041' },
];

const EXTRA_KEYS = [
  '__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]', 'toString', 'valueOf',
  'hasOwnProperty', '__defineGetter__', 'a[b][c][d][e][f][g][h][i][j]', `deep${'[x]'.repeat(200)}`, 'version[]', '_csrf[]',
  'id', 'ownerId', 'status', 'role', 'roles', 'admin', 'draft', 'flow', '', ' ', '\u0000', '😀',
];

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function badValue(random: () => number): FuzzValue {
  const r = random();
  if (r < 0.04) return 'y'.repeat(BODY_LIMIT_BYTES - 4096 + Math.floor(random() * 2048)); // huge, still under the limit
  if (r < 0.06) return 'z'.repeat(BODY_LIMIT_BYTES + 1 + Math.floor(random() * 50_000)); // over the limit: 413
  return pick(random, BAD_VALUES);
}

export type Mutation = 'replace' | 'drop' | 'repeat' | 'extra' | 'nested' | 'many' | 'empty' | 'token';

/** One random mutation of a valid form; what it did, for the failure message. */
export function mutate(random: () => number, base: FuzzPairs): { pairs: FuzzPairs; mutation: Mutation } {
  const pairs: FuzzPairs = base.map(([k, v]) => [k, v]);
  const fields = pairs.map(([k]) => k).filter((k) => k !== '_csrf');
  const mutation = pick<Mutation>(random, ['replace', 'replace', 'replace', 'drop', 'repeat', 'extra', 'extra', 'nested', 'many', 'empty', 'token']);
  const times = 1 + Math.floor(random() * 3);
  for (let i = 0; i < times; i++) {
    const field = pick(random, fields.length ? fields : ['x']);
    switch (mutation) {
      case 'replace':
        for (const pair of pairs) if (pair[0] === field) pair[1] = badValue(random);
        break;
      case 'drop':
        pairs.splice(pairs.findIndex(([k]) => k === field), 1);
        break;
      case 'repeat':
        pairs.push([field, badValue(random)]);
        break;
      case 'extra':
        pairs.push([pick(random, EXTRA_KEYS), badValue(random)]);
        break;
      case 'nested':
        pairs.push([`${field}${pick(random, ['[]', '[0]', '[a]', '[__proto__]', '[constructor][prototype]', '[a][b][c][d][e]'])}`, badValue(random)]);
        break;
      case 'many':
        for (let j = 0; j < 250; j++) pairs.push([`p${j}`, 'v']); // over the parameter limit: 413
        break;
      case 'empty':
        pairs.splice(0, pairs.length, ...base.filter(([k]) => k === '_csrf'));
        break;
      case 'token':
        for (const pair of pairs) if (pair[0] === '_csrf') pair[1] = pick(random, ['', 'x', '0'.repeat(128), ...BAD_VALUES.slice(0, 8)]);
        break;
    }
  }
  return { pairs, mutation };
}

export function encodePairs(pairs: FuzzPairs): string {
  const part = (v: FuzzValue) => (typeof v === 'string' ? encodeURIComponent(v) : v.raw);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${part(v)}`).join('&');
}

/** A malformed route parameter (task or process id, flow name), already encoded for a path. */
export function badParam(random: () => number): string {
  const value = pick(random, [...BAD_VALUES.slice(0, 48), 'incoming-mail/../admin', 'INCOMING-MAIL', 'incoming_mail', '-x', 'a'.repeat(65)]);
  return typeof value === 'string' ? encodeURIComponent(value) : value.raw;
}

/** A query string of list filters and cursors, some well-formed, most not. */
export function badQuery(random: () => number, keys: readonly string[]): string {
  const pairs: FuzzPairs = [];
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    const key = random() < 0.8 ? pick(random, keys) : pick(random, EXTRA_KEYS);
    const nest = random() < 0.15 ? pick(random, ['[]', '[a]', '[__proto__][x]', '[a][b][c][d][e][f]']) : '';
    const value = random() < 0.97 ? pick(random, BAD_VALUES) : 'q'.repeat(20_000);
    pairs.push([key + nest, value]);
  }
  return encodePairs(pairs);
}

/** Content types a form POST may arrive with; all but the first are wrong. */
export function contentType(random: () => number): { type: string | null; odd: boolean } {
  if (random() < 0.93) return { type: 'application/x-www-form-urlencoded', odd: false };
  const type = pick(random, [
    'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=utf-16',
    'application/x-www-form-urlencoded; charset=latin1', 'application/xml', null,
  ]);
  return { type, odd: true };
}
