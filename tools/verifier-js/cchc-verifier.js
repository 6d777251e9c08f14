// cchc-verifier.js — an independent verifier of CchcLedger publications.
//
// Written from the specification in docs/integrity/ ONLY (README.md, event-form.md, merkle.md,
// checkpoints.md, writers-and-clock.md, publication.md, bundles.md, scoring.md, trust.md, schemas/,
// vectors/, examples/). It shares no code with the ledger. Where the specification was ambiguous,
// the choice was listed in README.md; each item has since been resolved in the specification, and
// the code below follows the resolution (comments name the page).
//
// One ES module, no dependencies. It runs unchanged in a modern browser and in Node ≥ 20 and uses
// only: globalThis.crypto.subtle (SHA-256, HMAC-SHA256, ECDSA P-256 verify), TextEncoder /
// TextDecoder, DecompressionStream('gzip'), BigInt.
//
// Rules kept throughout:
//   - points, maxima, totals, indexes and ratios are exact decimals (class Decimal, on BigInt); JSON
//     numbers are read by our own tokenizer (parseJson), which keeps every number's source text;
//   - strings are compared by UTF-16 code units (JavaScript's `<`, "ordinal"), never by locale;
//     text is hashed as stored, never normalised;
//   - no global mutable state, no network access, deterministic.

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 0. Errors and verdict vocabulary
// ════════════════════════════════════════════════════════════════════════════════════════════════

/** Verdict statuses (bundles.md "Verifying a bundle", README.md "Exit codes of cchc verify-bundle"). */
export const STATUS = Object.freeze({
  IDENTICAL: 'identical', // exit 0
  NOT_PROVEN: 'not-proven', // exit 1: signature, events, head or inclusion (steps 2–5)
  INCOMPLETE: 'incomplete', // exit 1: the publication absent, or completeness (steps 6–7)
  DIFFERENT: 'different', // exit 1: the publication or the ranking (steps 6, 8)
  EVIDENCE_ALTERED: 'evidence-altered', // exit 1: an evidence file beside the bundle does not hash to its name (step 9)
  UNREADABLE: 'unreadable', // exit 2: unreadable, or not a cchc-bundle/2 (step 1)
  UNTRUSTED_KEY: 'untrusted-key', // exit 3: no trusted key
  PROVEN: 'proven', // cchc-proof/2 only: proven and without a gap (exit 0)
});

/** README.md "Exit codes of `cchc verify-bundle`". */
export function exitCodeOf(status) {
  switch (status) {
    case STATUS.IDENTICAL:
    case STATUS.PROVEN:
      return 0;
    case STATUS.UNREADABLE:
      return 2;
    case STATUS.UNTRUSTED_KEY:
      return 3;
    default:
      return 1;
  }
}

/** How the ledger's CLI prints each status (bundles.md: `identical`, `NOT PROVEN`/`incomplete`/`different`). */
export function statusLabel(status) {
  return status === STATUS.NOT_PROVEN ? 'NOT PROVEN' : status === STATUS.EVIDENCE_ALTERED ? 'EVIDENCE ALTERED' : status;
}

/** A refusal: the first failing step's answer ("the first failure is the answer", bundles.md). */
export class Refusal extends Error {
  constructor(status, reasons, step = null, extra = {}) {
    const list = Array.isArray(reasons) ? reasons : [reasons];
    super(list[0]);
    this.name = 'Refusal';
    this.status = status;
    this.reasons = list;
    this.step = step;
    this.extra = extra;
  }
}

/** Malformed input to a primitive (a vector, a rule, a number). */
export class SpecError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SpecError';
  }
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 1. Bytes: UTF-8, hex, base64, SHA-256 (README.md: "Everything is UTF-8; hex means lower-case")
// ════════════════════════════════════════════════════════════════════════════════════════════════

const ENCODER = new TextEncoder(); // stateless

function subtle() {
  const s = globalThis.crypto && globalThis.crypto.subtle;
  if (!s) throw new SpecError('Web Crypto (crypto.subtle) is not available in this runtime');
  return s;
}

/** UTF-8 bytes of a string. */
export function utf8(text) {
  return ENCODER.encode(text);
}

/** Strict UTF-8 decoding (invalid bytes are an error, never replaced). */
export function decodeUtf8(bytes) {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Lower-case hex of bytes. */
export function toHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const HEX32 = /^[0-9a-f]{64}$/;

/** Bytes of lower-case hex (upper case is refused: README.md "hex means lower-case hexadecimal"). */
export function fromHex(text) {
  if (typeof text !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(text)) throw new SpecError('not lower-case hex');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

/** Byte concatenation `‖`. */
export function concatBytes(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const BASE64_STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 with padding, strict (checkpoints.md: the signature is "base64 (RFC 4648, with padding)"). */
export function base64Decode(text) {
  if (typeof text !== 'string' || !BASE64_STRICT.test(text)) throw new SpecError('not RFC 4648 base64 with padding');
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of clean) {
    acc = (acc << 6) | BASE64_ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** SHA-256 (FIPS 180-4). */
export async function sha256(bytes) {
  return new Uint8Array(await subtle().digest('SHA-256', bytes));
}

/** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
export async function sha256Hex(text) {
  return toHex(await sha256(utf8(text)));
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 2. JSON that keeps number text (a number is never turned into a binary double)
// ════════════════════════════════════════════════════════════════════════════════════════════════

/** A JSON number, exactly as written in the source text. */
export class JsonNumber {
  constructor(text) {
    this.text = text;
    Object.freeze(this);
  }
  toString() {
    return this.text;
  }
  toJSON() {
    return this.text;
  }
}

export class JsonSyntaxError extends SpecError {
  constructor(message) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const JSON_PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

/**
 * Strict RFC 8259 JSON reader. Numbers become JsonNumber (source text kept); objects are plain
 * objects (a "__proto__" member is an ordinary own member); a duplicate member name is an error
 * (it would make the document ambiguous).
 */
export function parseJson(text, { maxDepth = 512 } = {}) {
  if (typeof text !== 'string') throw new JsonSyntaxError('JSON text must be a string');
  let i = 0;
  const n = text.length;
  const fail = (msg) => {
    throw new JsonSyntaxError(`${msg} at offset ${i}`);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const literal = (word, val) => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return val;
    }
    return fail('unexpected token');
  };
  const number = () => {
    JSON_NUMBER.lastIndex = i;
    const m = JSON_NUMBER.exec(text);
    if (!m) fail('malformed number');
    i = JSON_NUMBER.lastIndex;
    return new JsonNumber(m[0]);
  };
  const string = () => {
    i++; // opening quote
    let out = '';
    for (;;) {
      JSON_PLAIN_RUN.lastIndex = i;
      const m = JSON_PLAIN_RUN.exec(text);
      out += m[0];
      i = JSON_PLAIN_RUN.lastIndex;
      if (i >= n) fail('unterminated string');
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c !== '\\') fail('control character in string');
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const h = text.substr(i, 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('malformed \\u escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 4;
          break;
        }
        default:
          fail('malformed escape');
      }
    }
  };
  const value = (depth) => {
    if (depth > maxDepth) fail('nesting too deep');
    ws();
    if (i >= n) fail('unexpected end');
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a member name');
        const key = string();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        const v = value(depth + 1);
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate member "${key}"`);
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    return fail('unexpected character');
  };
  const result = value(0);
  ws();
  if (i !== n) fail('trailing characters');
  return result;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber) && !(v instanceof Decimal);
}

function has(obj, key) {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** An integer member: a JSON integer token (or a safe-integer JS number if the caller used JSON.parse). */
function integerOf(v, what, { min = null, max = null } = {}) {
  let text;
  if (v instanceof JsonNumber) text = v.text;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) text = String(v);
  else throw new SpecError(`${what} is not an integer`);
  if (!/^-?(?:0|[1-9][0-9]{0,14})$/.test(text)) throw new SpecError(`${what} is not a plain integer (${text})`);
  const num = Number(text);
  if (min !== null && num < min) throw new SpecError(`${what} is below ${min}`);
  if (max !== null && num > max) throw new SpecError(`${what} is above ${max}`);
  return num;
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 3. Exact decimals (scoring.md "Leaf points": "All arithmetic is exact decimal")
// ════════════════════════════════════════════════════════════════════════════════════════════════

const DECIMAL_TEXT = /^(-)?([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;
const TEN = 10n;

function pow10(k) {
  return TEN ** BigInt(k);
}

/** value = unscaled × 10^−scale, scale ≥ 0. Immutable. */
export class Decimal {
  constructor(unscaled, scale = 0) {
    if (typeof unscaled !== 'bigint' || !Number.isInteger(scale) || scale < 0) throw new SpecError('bad Decimal');
    this.unscaled = unscaled;
    this.scale = scale;
    Object.freeze(this);
  }

  /** From a JsonNumber, a decimal string ("80.00", "-0.5", "1E+2"), a bigint or a Decimal. */
  static from(x) {
    if (x instanceof Decimal) return x;
    if (typeof x === 'bigint') return new Decimal(x, 0);
    if (x instanceof JsonNumber) return Decimal.parse(x.text);
    if (typeof x === 'string') return Decimal.parse(x);
    if (typeof x === 'number' && Number.isSafeInteger(x)) return new Decimal(BigInt(x), 0);
    throw new SpecError(`not an exact decimal: ${typeof x === 'number' ? 'a binary floating-point number' : String(x)}`);
  }

  static parse(text) {
    const m = DECIMAL_TEXT.exec(text);
    if (!m) throw new SpecError(`not a decimal number: ${JSON.stringify(text)}`);
    const [, sign, int, frac = '', exp = '0'] = m;
    const e = Number(exp);
    if (!Number.isSafeInteger(e) || Math.abs(e) > 400 || int.length + frac.length > 400) {
      throw new SpecError(`decimal out of range: ${text}`);
    }
    let unscaled = BigInt(int + frac);
    let scale = frac.length - e;
    if (scale < 0) {
      unscaled *= pow10(-scale);
      scale = 0;
    }
    return new Decimal(sign ? -unscaled : unscaled, scale);
  }

  static zero() {
    return new Decimal(0n, 0);
  }

  static #align(a, b) {
    const s = Math.max(a.scale, b.scale);
    return [a.unscaled * pow10(s - a.scale), b.unscaled * pow10(s - b.scale), s];
  }

  add(o) {
    const [a, b, s] = Decimal.#align(this, Decimal.from(o));
    return new Decimal(a + b, s);
  }
  sub(o) {
    const [a, b, s] = Decimal.#align(this, Decimal.from(o));
    return new Decimal(a - b, s);
  }
  mul(o) {
    const d = Decimal.from(o);
    return new Decimal(this.unscaled * d.unscaled, this.scale + d.scale);
  }
  neg() {
    return new Decimal(-this.unscaled, this.scale);
  }
  cmp(o) {
    const [a, b] = Decimal.#align(this, Decimal.from(o));
    return a < b ? -1 : a > b ? 1 : 0;
  }
  eq(o) {
    return this.cmp(o) === 0;
  }
  sign() {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0;
  }
  min(o) {
    return this.cmp(o) <= 0 ? this : Decimal.from(o);
  }
  max(o) {
    return this.cmp(o) >= 0 ? this : Decimal.from(o);
  }
  clamp(lo, hi) {
    return this.max(lo).min(hi);
  }

  /** Plain decimal, no exponent, trailing fractional zeros and a trailing point removed (publication.md). */
  toString() {
    let u = this.unscaled;
    let s = this.scale;
    while (s > 0 && u % TEN === 0n) {
      u /= TEN;
      s--;
    }
    const neg = u < 0n;
    let digits = (neg ? -u : u).toString();
    if (s > 0) {
      digits = digits.padStart(s + 1, '0');
      digits = `${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
    }
    // publication.md "The canonical line": a negative zero is written "0".
    return neg ? `-${digits}` : digits;
  }
  toJSON() {
    return this.toString();
  }
}

/** Rounding modes (scoring.md "Rounding rule R"). Stored spelling PascalCase; read case-insensitively. */
export const ROUNDING_MODES = Object.freeze(['HalfUp', 'HalfEven', 'Down']);

/**
 * R(num ÷ den) to `decimals` places, computed on the exact quotient (scoring.md "Rounding rule R":
 * HalfUp rounds a midpoint away from zero, HalfEven to the even digit, Down toward zero).
 */
export function roundQuotient(num, den, rule) {
  const a = Decimal.from(num);
  const b = Decimal.from(den);
  const { decimals, mode } = rule;
  if (b.unscaled === 0n) throw new SpecError('division by zero');
  // a/b × 10^decimals = a.u·10^(b.s+decimals) / (b.u·10^a.s)
  let N = a.unscaled * pow10(b.scale + decimals);
  let D = b.unscaled * pow10(a.scale);
  if (D < 0n) {
    N = -N;
    D = -D;
  }
  let q = N / D; // BigInt division truncates toward zero
  const r = N % D;
  const away = N < 0n ? -1n : 1n;
  const twiceR = 2n * (r < 0n ? -r : r);
  switch (mode) {
    case 'Down':
      break;
    case 'HalfUp':
      if (twiceR >= D && r !== 0n) q += away;
      break;
    case 'HalfEven':
      if (twiceR > D || (twiceR === D && r !== 0n && q % 2n !== 0n)) q += away;
      break;
    default:
      throw new SpecError(`unknown rounding mode ${mode}`);
  }
  return new Decimal(q, decimals);
}

/** R(x): round a decimal by the set's rule. */
export function roundDecimal(x, rule) {
  return roundQuotient(x, new Decimal(1n, 0), rule);
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 4. The stored event: canonical form, leaf, chain hash (event-form.md)
// ════════════════════════════════════════════════════════════════════════════════════════════════

/** event-form.md "The stored row": the fourteen fields in canonical order. */
export const EVENT_FIELDS = Object.freeze([
  'sequence', 'stream', 'version', 'type', 'timestamp', 'userName', 'headers', 'data',
  'id', 'correlationId', 'causationId', 'dotnetType', 'tenantId', 'archived',
]);

/** event-form.md: the bare fields are positions 1, 3, 5, 9, 14 (0-based 0, 2, 4, 8, 13). */
const BARE = new Set([0, 2, 4, 8, 13]);
/** event-form.md: fields that "may be absent: no" (1, 2, 3, 4, 5, 8, 9, 14). */
const NEVER_ABSENT = new Set([0, 1, 2, 3, 4, 7, 8, 13]);

/** event-form.md table: recorded instant `yyyy-MM-ddTHH:mm:ss.ffffffZ`. */
export const INSTANT_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POSITIVE_DECIMAL = /^[1-9][0-9]{0,14}$/;

/**
 * The fourteen field texts of a row given by name (as in vectors/event-leaves.json "row"): sequence
 * and version decimal, every other field as given (null = absent). event-form.md "The stored row".
 */
export function fieldsFromRow(row) {
  return EVENT_FIELDS.map((name, i) => {
    const v = row[name];
    if (v === null || v === undefined) return null;
    if (i === 0 || i === 2) return Decimal.from(v).toString();
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return String(v);
  });
}

/**
 * event-form.md "The canonical form": fields joined by U+000A, no final line feed; bare fields as
 * rendered, others `{UTF-8 byte length}:{text}`, absent `~`.
 */
export function canonicalForm(fields) {
  if (!Array.isArray(fields) || fields.length !== 14) throw new SpecError('an event has exactly fourteen fields');
  return fields
    .map((f, i) => {
      if (f === null) return '~';
      if (typeof f !== 'string') throw new SpecError(`field ${i + 1} is neither text nor absent`);
      return BARE.has(i) ? f : `${utf8(f).length}:${f}`;
    })
    .join('\n');
}

/** event-form.md "Leaf and chain hash": leaf = SHA-256(0x00 ‖ UTF-8(canonical form)). */
export async function leafOfCanonical(canonical) {
  return sha256(concatBytes(Uint8Array.of(0x00), utf8(canonical)));
}

/** The leaf of an event given by its fourteen fields. */
export async function eventLeaf(fields) {
  return leafOfCanonical(canonicalForm(fields));
}

/** event-form.md: hash = SHA-256(previous hash ‖ leaf); the first event's previous hash is 32 zero bytes. */
export async function chainLink(previousHash, leaf) {
  if (previousHash.length !== 32 || leaf.length !== 32) throw new SpecError('hashes are 32 bytes');
  return sha256(concatBytes(previousHash, leaf));
}

export const GENESIS_HASH = new Uint8Array(32);

/**
 * Validate one bundle/proof event's fields (bundles.md step 3: "each has fourteen fields, bare fields
 * present, sequence and version decimal"; event-form.md table for each bare field's rendering).
 * Returns a list of problems (empty when well formed).
 */
export function eventFieldProblems(fields) {
  if (!Array.isArray(fields)) return ['fields is not an array'];
  if (fields.length !== 14) return [`has ${fields.length} fields, not fourteen`];
  const problems = [];
  fields.forEach((f, i) => {
    if (f !== null && typeof f !== 'string') problems.push(`field ${i + 1} (${EVENT_FIELDS[i]}) is neither text nor null`);
    else if (f === null && NEVER_ABSENT.has(i)) problems.push(`field ${i + 1} (${EVENT_FIELDS[i]}) is absent`);
  });
  if (problems.length) return problems;
  if (!POSITIVE_DECIMAL.test(fields[0])) problems.push(`sequence ${JSON.stringify(fields[0])} is not decimal`);
  if (!POSITIVE_DECIMAL.test(fields[2])) problems.push(`version ${JSON.stringify(fields[2])} is not decimal`);
  if (!INSTANT_PATTERN.test(fields[4])) problems.push(`recorded instant ${JSON.stringify(fields[4])} is not yyyy-MM-ddTHH:mm:ss.ffffffZ`);
  if (!UUID_PATTERN.test(fields[8])) problems.push(`event id ${JSON.stringify(fields[8])} is not a lower-case uuid`);
  if (fields[13] !== 'true' && fields[13] !== 'false') problems.push(`archived flag ${JSON.stringify(fields[13])} is not true or false`);
  return problems;
}

/**
 * What bundles.md step 3 refuses (and nothing more): not fourteen fields, a never-absent field absent,
 * a sequence or version that is not decimal digits. Every other form of eventFieldProblems is only
 * warned about: under the ledger's key a deviation fails inclusion anyway (event-form.md).
 */
export function eventFieldRefusals(fields) {
  if (!Array.isArray(fields)) return ['fields is not an array'];
  if (fields.length !== 14) return [`has ${fields.length} fields, not fourteen`];
  const problems = [];
  fields.forEach((f, i) => {
    if (f !== null && typeof f !== 'string') problems.push(`field ${i + 1} (${EVENT_FIELDS[i]}) is neither text nor null`);
    else if (f === null && NEVER_ABSENT.has(i)) problems.push(`field ${i + 1} (${EVENT_FIELDS[i]}) is absent`);
  });
  if (problems.length) return problems;
  if (!/^[0-9]{1,15}$/.test(fields[0])) problems.push(`sequence ${JSON.stringify(fields[0])} is not decimal digits`);
  if (!/^[0-9]{1,15}$/.test(fields[2])) problems.push(`version ${JSON.stringify(fields[2])} is not decimal digits`);
  return problems;
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 5. The Merkle tree and multiproofs (merkle.md; RFC 6962 §2.1)
// ════════════════════════════════════════════════════════════════════════════════════════════════

/** merkle.md: k = the largest power of two < n (n ≥ 2). */
export function splitPoint(n) {
  if (!(n >= 2)) throw new SpecError('split of fewer than two leaves');
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** merkle.md: SHA-256(0x01 ‖ left ‖ right). */
export async function interiorHash(left, right) {
  return sha256(concatBytes(Uint8Array.of(0x01), left, right));
}

/** merkle.md: MTH of a list of leaves (MTH({}) = SHA-256 of the empty string). */
export async function merkleRoot(leaves) {
  const mth = async (start, count) => {
    if (count === 0) return sha256(new Uint8Array(0));
    if (count === 1) return leaves[start];
    const k = splitPoint(count);
    return interiorHash(await mth(start, k), await mth(start + k, count - k));
  };
  return mth(0, leaves.length);
}

/** merkle.md "Subtrees and multiproofs": a subtree is written `start:count`. */
export function subtreeKey(start, count) {
  return `${start}:${count}`;
}

function makeIndexTest(indexes) {
  const sorted = [...indexes].sort((a, b) => a - b);
  // true when some index lies in [start, start + count)
  return (start, count) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo] < start + count;
  };
}

/**
 * merkle.md "Subtrees and multiproofs": the keys of the multiproof of a set of leaf indexes in a
 * tree of `size` leaves — every maximal subtree holding none of them. (Used to build test cases.)
 */
export function multiproofKeys(size, indexes) {
  const holds = makeIndexTest(indexes);
  const keys = [];
  const walk = (start, count) => {
    if (!holds(start, count)) {
      keys.push(subtreeKey(start, count));
      return;
    }
    if (count === 1) return;
    const k = splitPoint(count);
    walk(start, k);
    walk(start + k, count - k);
  };
  if (size > 0) walk(0, size);
  return keys;
}

/**
 * merkle.md: recompute the root of `size` leaves from the given leaves (a Map index → 32 bytes,
 * computed by the verifier) and the given subtree hashes (a Map "start:count" → 32 bytes). A given
 * hash is used only for a subtree holding none of the given leaves; a missing one fails.
 * Returns { root, used } (used: the keys consumed) or throws Refusal(not-proven).
 */
export async function multiproofRoot(size, leaves, nodes) {
  if (!(Number.isSafeInteger(size) && size >= 1)) throw new SpecError('a tree has at least one leaf');
  const holds = makeIndexTest([...leaves.keys()]);
  const used = new Set();
  const walk = async (start, count) => {
    if (!holds(start, count)) {
      const key = subtreeKey(start, count);
      const h = nodes.get(key);
      if (!h) throw new Refusal(STATUS.NOT_PROVEN, `the multiproof lacks the hash of subtree ${key}`, 5);
      used.add(key);
      return h;
    }
    if (count === 1) return leaves.get(start);
    const k = splitPoint(count);
    return interiorHash(await walk(start, k), await walk(start + k, count - k));
  };
  const root = await walk(0, size);
  return { root, used };
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 6. Checkpoints, keys, fingerprints (checkpoints.md)
// ════════════════════════════════════════════════════════════════════════════════════════════════

/** checkpoints.md "The signed text": six lines joined by U+000A, no final line feed. */
export function checkpointText({ sequence, head, treeSize, root, at }) {
  return ['cchc-ledger checkpoint', String(sequence), head, String(treeSize), root, at].join('\n');
}

/** checkpoints.md: the rendering constraints of each line (decimal, 64 lower-case hex, six fractional digits). */
export function checkpointFieldProblems(cp) {
  const p = [];
  if (!(Number.isSafeInteger(cp.sequence) && cp.sequence >= 1)) p.push('checkpoint.sequence is not a positive integer');
  if (!(Number.isSafeInteger(cp.treeSize) && cp.treeSize >= 1)) p.push('checkpoint.treeSize is not a positive integer');
  if (typeof cp.head !== 'string' || !HEX32.test(cp.head)) p.push('checkpoint.head is not 64 lower-case hex');
  if (typeof cp.root !== 'string' || !HEX32.test(cp.root)) p.push('checkpoint.root is not 64 lower-case hex');
  if (typeof cp.at !== 'string' || !INSTANT_PATTERN.test(cp.at)) p.push('checkpoint.at is not yyyy-MM-ddTHH:mm:ss.ffffffZ');
  return p;
}

/** The DER SubjectPublicKeyInfo inside a PEM "PUBLIC KEY" block. */
export function pemToDer(pem) {
  if (typeof pem !== 'string') throw new SpecError('a PEM key is text');
  const m = /^\s*-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]*)-----END PUBLIC KEY-----\s*$/.exec(pem);
  if (!m) throw new SpecError('not a PEM "PUBLIC KEY" (SubjectPublicKeyInfo)');
  return base64Decode(m[1].replace(/\s+/g, ''));
}

/** checkpoints.md "Keys": fingerprint = lower-case hex SHA-256 of the DER SubjectPublicKeyInfo. */
export async function keyFingerprint(pem) {
  return toHex(await sha256(pemToDer(pem)));
}

/** checkpoints.md "Keys": keyId = the fingerprint's first 16 characters (informational only). */
export function keyIdOf(fingerprint) {
  return fingerprint.slice(0, 16);
}

/** An ECDSA P-256 public key from PEM: { key, fingerprint, keyId }. Throws when not a P-256 SPKI. */
export async function importPublicKeyPem(pem) {
  const der = pemToDer(pem);
  const key = await subtle().importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const fingerprint = toHex(await sha256(der));
  return { key, fingerprint, keyId: keyIdOf(fingerprint) };
}

/**
 * checkpoints.md: ECDSA P-256 with SHA-256 over UTF-8(text), signature r ‖ s (64 bytes, IEEE P1363),
 * base64. `publicKey` is a PEM string or a result of importPublicKeyPem.
 */
export async function verifyCheckpointSignature(signedText, signatureBase64, publicKey) {
  let sig;
  try {
    sig = base64Decode(signatureBase64);
  } catch {
    return false;
  }
  if (sig.length !== 64) return false;
  const k = typeof publicKey === 'string' ? await importPublicKeyPem(publicKey) : publicKey;
  return subtle().verify({ name: 'ECDSA', hash: 'SHA-256' }, k.key, sig, utf8(signedText));
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 7. The application's per-event MAC (writers-and-clock.md) — needs the ledger's secret key
// ════════════════════════════════════════════════════════════════════════════════════════════════

/** writers-and-clock.md: mac = HMAC-SHA256(K, leaf); K at least 32 bytes, leaf 32 bytes. */
export async function eventMac(keyBytes, leaf) {
  if (keyBytes.length < 32) throw new SpecError('the MAC key is at least 32 bytes');
  const key = await subtle().importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', key, leaf));
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 8. Instants (publication.md: publishedAt "in UTC with exactly six fractional digits and Z")
// ════════════════════════════════════════════════════════════════════════════════════════════════

function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0) {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const ISO_INSTANT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/**
 * An ISO 8601 instant with an offset (as JSON writes `publishedAt`, e.g. `2026-11-29T23:07:28.191114+00:00`)
 * in the ledger's form `yyyy-MM-ddTHH:mm:ss.ffffffZ` (UTC, six fractional digits).
 * publication.md: a fraction of more than six digits is truncated to whole microseconds.
 */
export function utcInstant(text) {
  const m = typeof text === 'string' ? ISO_INSTANT.exec(text) : null;
  if (!m) throw new SpecError(`not an ISO 8601 instant with offset: ${JSON.stringify(text)}`);
  const [, Y, Mo, D, h, mi, s, frac = '', off] = m;
  const y = +Y;
  const mo = +Mo;
  const d = +D;
  const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > dim[mo - 1] || +h > 23 || +mi > 59 || +s > 59) {
    throw new SpecError(`not a valid instant: ${text}`);
  }
  // publication.md: whole microseconds are kept, further digits dropped (truncated, never rounded).
  const micros = frac.slice(0, 6).padEnd(6, '0');
  let offsetMinutes = 0;
  if (off !== 'Z') {
    const oh = +off.slice(1, 3);
    const om = +off.slice(4, 6);
    if (oh > 23 || om > 59) throw new SpecError(`not a valid offset: ${text}`);
    offsetMinutes = (off[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  let minutes = daysFromCivil(y, mo, d) * 1440 + +h * 60 + +mi - offsetMinutes;
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const [yy, mm, dd] = civilFromDays(days);
  const p2 = (x) => String(x).padStart(2, '0');
  if (yy < 0 || yy > 9999) throw new SpecError(`instant out of range: ${text}`);
  return `${String(yy).padStart(4, '0')}-${p2(mm)}-${p2(dd)}T${p2(Math.floor(minutes / 60))}:${p2(minutes % 60)}:${s}.${micros}Z`;
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 9. Publications: formats, canonical line, digest (publication.md)
// ════════════════════════════════════════════════════════════════════════════════════════════════

export const PUBLICATION_FORMAT_2 = 'cchc-publication/2';

/** publication.md "Telling the formats apart": absent or null → 1; "cchc-publication/2" → 2; else refuse. */
export function publicationFormat(pub) {
  if (!has(pub, 'format') || pub.format === null || pub.format === undefined) return 1;
  if (pub.format === PUBLICATION_FORMAT_2) return 2;
  throw new Refusal(STATUS.DIFFERENT, `the publication's format ${JSON.stringify(pub.format)} is unknown`, 6);
}

/** publication.md: strings as stored, escaping only `"`, `\` and characters below U+0020 (`\u00xx`, lower-case hex). */
export function canonicalString(s) {
  if (typeof s !== 'string') throw new SpecError('expected a string');
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

/** publication.md: numbers in plain decimal notation, trailing fractional zeros and a trailing point removed. */
export function canonicalNumber(x) {
  return Decimal.from(x).toString();
}

/** publication.md "Strings are never null": a null decisionRef, name or classification cannot be written. */
function canonicalStringOrNull(s) {
  if (s === null) throw new SpecError('a string member of the publication is null');
  return canonicalString(s);
}

function canonicalMember(obj, name, what) {
  if (!has(obj, name) || obj[name] === undefined) throw new SpecError(`the publication lacks ${what ?? name}`);
  return obj[name];
}

/** publication.md: `previous` is `null` or `{"number":n,"digest":"…"}`. */
function canonicalPrevious(prev) {
  if (prev === null) return 'null';
  if (!isPlainObject(prev)) throw new SpecError('previous is neither null nor an object');
  return `{"number":${canonicalNumber(canonicalMember(prev, 'number', 'previous.number'))},"digest":${canonicalString(
    canonicalMember(prev, 'digest', 'previous.digest'),
  )}}`;
}

/** publication.md: each entry `{"rank","agency","name","total","index","classification"}`, in the order given. */
function canonicalEntry(e) {
  if (!isPlainObject(e)) throw new SpecError('an entry is not an object');
  const g = (k) => canonicalMember(e, k, `entry.${k}`);
  return (
    `{"rank":${canonicalNumber(g('rank'))},"agency":${canonicalString(g('agency'))},"name":${canonicalStringOrNull(g('name'))},` +
    `"total":${canonicalNumber(g('total'))},"index":${canonicalNumber(g('index'))},"classification":${canonicalStringOrNull(g('classification'))}}`
  );
}

/** Ordinal comparison of two strings by UTF-16 code units (never the machine's culture). */
export function ordinalCompare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * publication.md "The canonical line and the digest": one line of JSON, no whitespace, members in
 * the fixed order of format 1 or 2; format 2 starts with the format marker and ends with the
 * streams, sorted by id ordinally. Entries are written in the order given (the ranking order).
 */
export function publicationCanonicalLine(pub) {
  if (!isPlainObject(pub)) throw new SpecError('a publication is an object');
  const format = publicationFormat(pub);
  const g = (k) => canonicalMember(pub, k);
  const cs = g('criteriaSet');
  if (!isPlainObject(cs)) throw new SpecError('criteriaSet is not an object');
  const entries = g('entries');
  if (!Array.isArray(entries)) throw new SpecError('entries is not an array');
  let line = '{';
  if (format === 2) line += `"format":${canonicalString(PUBLICATION_FORMAT_2)},`;
  line +=
    `"year":${canonicalNumber(g('year'))},"block":${canonicalString(g('block'))},"number":${canonicalNumber(g('number'))},` +
    `"round":${canonicalNumber(g('round'))},"previous":${canonicalPrevious(g('previous'))},` +
    `"criteriaSet":{"id":${canonicalString(canonicalMember(cs, 'id', 'criteriaSet.id'))},"version":${canonicalNumber(
      canonicalMember(cs, 'version', 'criteriaSet.version'),
    )}},` +
    `"publishedAt":${canonicalString(utcInstant(g('publishedAt')))},"throughSequence":${canonicalNumber(g('throughSequence'))},` +
    `"decisionRef":${canonicalStringOrNull(g('decisionRef'))},"entries":[${entries.map(canonicalEntry).join(',')}]`;
  if (format === 2) {
    const streams = g('streams');
    if (!Array.isArray(streams)) throw new SpecError('streams is not an array');
    const sorted = streams.map((s) => {
      if (!isPlainObject(s)) throw new SpecError('a stream is not an object');
      return { id: canonicalMember(s, 'id', 'stream.id'), version: canonicalMember(s, 'version', 'stream.version') };
    });
    sorted.sort((a, b) => ordinalCompare(a.id, b.id));
    line += `,"streams":[${sorted.map((s) => `{"id":${canonicalString(s.id)},"version":${canonicalNumber(s.version)}}`).join(',')}]`;
  }
  return `${line}}`;
}

/** publication.md: digest = lower-case hex SHA-256 of the UTF-8 canonical line. */
export async function publicationDigest(pub) {
  return sha256Hex(publicationCanonicalLine(pub));
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 10. Scoring, folding and ranking (scoring.md)
// ════════════════════════════════════════════════════════════════════════════════════════════════

export const LEAF_METHODS = Object.freeze(['Scale', 'Ratio', 'Bands', 'Survey', 'Bonus', 'Penalty']);

/** scoring.md "Event types": the types the ledger writes; any other type in a bundle gives `different`. */
export const EVENT_TYPES = Object.freeze(new Set([
  'agency_registered', 'agency_renamed', 'agency_moved_to_block', 'agency_dissolved',
  'criteria_set_drafted', 'criteria_set_adopted', 'criteria_set_amended',
  'scorecard_opened', 'self_score_entered', 'self_assessment_submitted', 'appraisal_recorded', 'points_adjusted',
  'survey_points_entered', 'appeal_filed', 'appeal_withdrawn', 'appeal_decided',
  'preliminary_results_issued', 'ranking_published', 'chain_checkpointed', 'token_revoked',
]));
export const BAND_BASES = Object.freeze(['Ratio', 'Count']);

/**
 * scoring.md "Spellings as stored": enum values are stored PascalCase; the API shows camelCase. A
 * verifier "must read the stored spelling (and may read both)": matched case-insensitively.
 * An unknown spelling is kept as written (and then scores nothing).
 */
function enumOf(v, allowed) {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new SpecError('an enum value is text');
  return allowed.find((a) => a.toLowerCase() === v.toLowerCase()) ?? v;
}

function optDecimal(v, what) {
  if (v === null || v === undefined) return null;
  try {
    return Decimal.from(v);
  } catch {
    throw new SpecError(`${what} is not a number`);
  }
}

function reqDecimal(v, what) {
  const d = optDecimal(v, what);
  if (d === null) throw new SpecError(`${what} is missing`);
  return d;
}

/**
 * scoring.md "Criteria sets": `rules` = {areas, classBands, rounding, tieRule, retired?}; a node =
 * {code, title, max, method?, step?, basis?, bands?, children?}; no children (absent, null, empty) = leaf.
 */
export function parseRules(raw) {
  if (!isPlainObject(raw)) throw new SpecError('rules is not an object');
  const parseNode = (n, path) => {
    if (!isPlainObject(n)) throw new SpecError(`${path} is not an object`);
    if (typeof n.code !== 'string') throw new SpecError(`${path}.code is not text`);
    const children = n.children === null || n.children === undefined ? [] : n.children;
    if (!Array.isArray(children)) throw new SpecError(`${path}.children is not an array`);
    const bands = n.bands === null || n.bands === undefined ? [] : n.bands;
    if (!Array.isArray(bands)) throw new SpecError(`${path}.bands is not an array`);
    return {
      code: n.code,
      title: n.title ?? null,
      max: reqDecimal(n.max, `${path}.max`),
      method: enumOf(n.method, LEAF_METHODS),
      basis: enumOf(n.basis, BAND_BASES),
      bands: bands.map((b, i) => {
        if (!isPlainObject(b)) throw new SpecError(`${path}.bands[${i}] is not an object`);
        return { min: reqDecimal(b.min, `${path}.bands[${i}].min`), points: reqDecimal(b.points, `${path}.bands[${i}].points`) };
      }),
      children: children.map((c, i) => parseNode(c, `${path}.children[${i}]`)),
    };
  };
  if (!Array.isArray(raw.areas)) throw new SpecError('rules.areas is not an array');
  const areas = raw.areas.map((a, i) => parseNode(a, `areas[${i}]`));
  const classBands = raw.classBands === null || raw.classBands === undefined ? [] : raw.classBands;
  if (!Array.isArray(classBands)) throw new SpecError('rules.classBands is not an array');
  if (!isPlainObject(raw.rounding)) throw new SpecError('rules.rounding is not an object');
  const decimals = integerOf(raw.rounding.decimals, 'rounding.decimals', { min: 0 });
  if (decimals > 28) throw new SpecError('rounding.decimals above 28');
  const mode = enumOf(raw.rounding.mode, ROUNDING_MODES);
  if (!ROUNDING_MODES.includes(mode)) throw new SpecError(`unknown rounding mode ${JSON.stringify(raw.rounding.mode)}`);
  if (!isPlainObject(raw.tieRule)) throw new SpecError('rules.tieRule is not an object');
  const kind = raw.tieRule.kind;
  if (kind !== 'shared' && kind !== 'areas') throw new SpecError(`unknown tie rule kind ${JSON.stringify(kind)}`);
  const areaOrder = raw.tieRule.areaOrder === null || raw.tieRule.areaOrder === undefined ? [] : raw.tieRule.areaOrder;
  if (!Array.isArray(areaOrder) || areaOrder.some((c) => typeof c !== 'string')) throw new SpecError('tieRule.areaOrder is not a list of codes');
  return {
    areas,
    classBands: classBands.map((b, i) => {
      if (!isPlainObject(b)) throw new SpecError(`classBands[${i}] is not an object`);
      return { label: b.label ?? null, min: reqDecimal(b.min, `classBands[${i}].min`) };
    }),
    rounding: { decimals, mode },
    tieRule: { kind, areaOrder },
    // scoring.md "Criteria sets": `retired` lists codes retired by amendments; it takes no part in scoring.
    retired: raw.retired ?? null,
  };
}

/**
 * scoring.md / publication.md "Rules version vs stream version": fold the set's stream in order;
 * drafted → rules version 1, adopted → unchanged, amended → rules := `rules`, version := `rulesVersion`.
 * Returns the list of states after each event: [{rulesVersion, rules (raw)}].
 */
export function foldCriteriaSet(events) {
  const states = [];
  let rules = null;
  let rulesVersion = 0;
  for (const e of events) {
    if (e.type === 'criteria_set_drafted') {
      rules = e.data.rules;
      rulesVersion = 1;
    } else if (e.type === 'criteria_set_amended') {
      rules = e.data.rules;
      rulesVersion = integerOf(e.data.rulesVersion, 'criteria_set_amended.rulesVersion', { min: 1 });
    }
    // criteria_set_adopted, and any other event: rules unchanged.
    states.push({ rulesVersion, rules });
  }
  return states;
}

/** publication.md: "The rules of version v are the set's state after the last event at which its rules version is v." */
export function rulesAtVersion(events, version) {
  let found = null;
  for (const s of foldCriteriaSet(events)) if (s.rulesVersion === version && s.rules !== null) found = s.rules;
  if (found === null) throw new SpecError(`the criteria set never reaches rules version ${version}`);
  return parseRules(found);
}

/** scoring.md "Agencies": registered creates, renamed renames, moved moves, dissolved dissolves. */
export function foldAgency(events) {
  const s = { code: null, name: null, block: null, dissolved: false, mergedInto: null };
  for (const e of events) {
    const d = e.data;
    switch (e.type) {
      case 'agency_registered':
        s.code = d.code ?? null;
        s.name = d.name ?? null;
        s.block = d.block ?? null;
        break;
      case 'agency_renamed':
        s.name = d.name ?? null;
        break;
      case 'agency_moved_to_block':
        s.block = d.block ?? null;
        break;
      case 'agency_dissolved':
        s.dissolved = true;
        s.mergedInto = d.mergedInto ?? null;
        break;
      default:
        break;
    }
  }
  return s;
}

/** scoring.md: `value` = {points, numerator, denominator, count}, the unused members null. */
function parseValue(v, what) {
  if (!isPlainObject(v)) throw new SpecError(`${what} is not an object`);
  return {
    points: optDecimal(v.points, `${what}.points`),
    numerator: optDecimal(v.numerator, `${what}.numerator`),
    denominator: optDecimal(v.denominator, `${what}.denominator`),
    count: optDecimal(v.count, `${what}.count`),
  };
}

const VALUE_KIND_OF_EVENT = Object.freeze({
  self_score_entered: 'self',
  appraisal_recorded: 'appraised',
  survey_points_entered: 'survey',
  points_adjusted: 'adjusted',
});

/**
 * scoring.md "Scorecards": each leaf keeps the latest value of each kind (self, appraised, survey,
 * adjusted); an appeal decision with points sets adjusted := {points} (the same kind as an
 * adjustment: the later of them wins); other events change no value.
 */
export function foldScorecard(events) {
  const card = { opened: null, values: new Map() };
  const slot = (criterion) => {
    if (typeof criterion !== 'string') throw new SpecError('criterion is not text');
    if (!card.values.has(criterion)) card.values.set(criterion, { self: null, appraised: null, survey: null, adjusted: null });
    return card.values.get(criterion);
  };
  for (const e of events) {
    const d = e.data;
    if (e.type === 'scorecard_opened') {
      if (card.opened === null) card.opened = d;
      continue;
    }
    const kind = VALUE_KIND_OF_EVENT[e.type];
    if (kind) {
      slot(d.criterion)[kind] = parseValue(d.value, `${e.type}.value`);
    } else if (e.type === 'appeal_decided' && d.points !== null && d.points !== undefined) {
      slot(d.criterion).adjusted = { points: reqDecimal(d.points, 'appeal_decided.points'), numerator: null, denominator: null, count: null };
    }
    // appeal_decided without points, appeal_filed, appeal_withdrawn, self_assessment_submitted, others: no value changes.
  }
  return card;
}

/** scoring.md: "The leaf's final value: adjusted if any, else appraised, else survey, else self." */
export function finalValue(slot) {
  if (!slot) return null;
  return slot.adjusted ?? slot.appraised ?? slot.survey ?? slot.self ?? null;
}

/** scoring.md "Leaf points". */
export function leafPoints(node, value, rule) {
  const zero = Decimal.zero();
  if (!value) return zero; // a leaf never entered
  const max = node.max;
  // A value with points, whatever the leaf's method: clamped into [0, max], or [−max, 0] for a Penalty leaf.
  // scoring.md "Leaf points": any value carrying points is scored this way, whatever its kind and the leaf's method.
  if (value.points !== null) {
    return node.method === 'Penalty' ? value.points.clamp(max.neg(), zero) : value.points.clamp(zero, max);
  }
  const { numerator: n, denominator: d, count } = value;
  if (node.method === 'Ratio') {
    // min(max, R(max × n ÷ d)), d > 0; otherwise the value cannot be scored.
    if (n === null || d === null || d.sign() <= 0) return zero;
    return roundQuotient(max.mul(n), d, rule).min(max);
  }
  if (node.method === 'Bands') {
    // The band with the highest min that the measure reaches; 0 when none does.
    // basis Ratio: measure n × 100 ÷ d (exact; compared as n × 100 ≥ min × d since d > 0); basis Count: count.
    let reaches;
    if (node.basis === 'Ratio') {
      if (n === null || d === null || d.sign() <= 0) return zero;
      const scaled = n.mul(new Decimal(100n));
      reaches = (min) => scaled.cmp(min.mul(d)) >= 0;
    } else if (node.basis === 'Count') {
      if (count === null) return zero;
      reaches = (min) => count.cmp(min) >= 0;
    } else {
      return zero;
    }
    let best = null;
    for (const b of node.bands) if (reaches(b.min) && (best === null || b.min.cmp(best.min) > 0)) best = b;
    // scoring.md "Leaf points": a band's points are taken as written (they lie in [0, max]).
    return best === null ? zero : best.points;
  }
  return zero; // a value the leaf's method cannot score
}

/**
 * scoring.md "Nodes, total, index, class": a node with children is the sum of its children's points
 * capped at its max and floored at 0; the total is the sum of the areas, the maximum the sum of
 * their maxima; index = R(total × 100 ÷ maximum); the class is the band with the highest min the
 * index reaches, else the band with the lowest min.
 */
export function scoreCard(rules, card) {
  const rule = rules.rounding;
  const leaves = new Map();
  const nodes = new Map();
  const points = (node) => {
    if (node.children.length === 0) {
      const p = leafPoints(node, finalValue(card.values.get(node.code)), rule);
      leaves.set(node.code, p);
      return p;
    }
    let sum = Decimal.zero();
    for (const c of node.children) sum = sum.add(points(c));
    const p = sum.clamp(Decimal.zero(), node.max);
    nodes.set(node.code, { points: p, sum, capped: !p.eq(sum) });
    return p;
  };
  const areaPoints = new Map();
  let total = Decimal.zero();
  let maximum = Decimal.zero();
  for (const area of rules.areas) {
    const p = points(area);
    areaPoints.set(area.code, p);
    total = total.add(p);
    maximum = maximum.add(area.max);
  }
  // scoring.md "Criteria sets": a maximum of 0 is never stored; a verifier cannot compute an index (different).
  if (maximum.sign() <= 0) throw new SpecError('the rules have a maximum of 0: no index can be computed');
  const index = roundQuotient(total.mul(new Decimal(100n)), maximum, rule);
  return { leaves, nodes, areaPoints, total, maximum, index, classification: classify(rules.classBands, index) };
}

/** scoring.md: the class band with the highest min the index reaches; when none does, the lowest min. */
export function classify(classBands, index) {
  let best = null;
  for (const b of classBands) if (index.cmp(b.min) >= 0 && (best === null || b.min.cmp(best.min) > 0)) best = b;
  if (best === null) for (const b of classBands) if (best === null || b.min.cmp(best.min) < 0) best = b;
  // scoring.md "Criteria sets": rules without a class band are never stored; no class can be computed (different).
  if (best === null) throw new SpecError('the rules have no class band');
  return best.label;
}

/**
 * scoring.md "Ranking and ties": total descending; tie rule `shared` or `areas` (areaOrder, an
 * unknown area counting 0); shared ranks skip (1, 2, 2, 4); within a rank by agency code, ordinally.
 * `cards` = [{agency, name, score}] → entries [{rank, agency, name, total, index, classification}].
 */
export function rankCards(rules, cards) {
  const zero = Decimal.zero();
  const tieKeys = (c) => (rules.tieRule.kind === 'areas' ? rules.tieRule.areaOrder.map((code) => c.score.areaPoints.get(code) ?? zero) : []);
  const cmpStanding = (a, b) => {
    const t = b.score.total.cmp(a.score.total);
    if (t !== 0) return t;
    const ka = tieKeys(a);
    const kb = tieKeys(b);
    for (let i = 0; i < ka.length; i++) {
      const c = kb[i].cmp(ka[i]);
      if (c !== 0) return c;
    }
    return 0;
  };
  const sorted = [...cards].sort((a, b) => cmpStanding(a, b) || ordinalCompare(a.agency, b.agency));
  const entries = [];
  sorted.forEach((c, i) => {
    const rank = i > 0 && cmpStanding(sorted[i - 1], c) === 0 ? entries[i - 1].rank : new Decimal(BigInt(i + 1));
    entries.push({ rank, agency: c.agency, name: c.name, total: c.score.total, index: c.score.index, classification: c.score.classification });
  });
  return entries;
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 11. Reading a bundle or proof (bundles.md, schemas/)
// ════════════════════════════════════════════════════════════════════════════════════════════════

async function gunzip(bytes, maxBytes) {
  if (typeof DecompressionStream !== 'function') throw new SpecError('DecompressionStream is not available');
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const w = writer.write(bytes).catch(() => {});
  const c = writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new SpecError(`the decompressed bundle exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  await w;
  await c;
  return concatBytes(...chunks);
}

/**
 * bundles.md: the file is gzip of UTF-8 JSON; "a reader may also accept the plain JSON (a file that
 * does not start with the gzip magic bytes 1f 8b)". Accepts bytes (Uint8Array / ArrayBuffer / Blob),
 * JSON text, or an already parsed object. Returns the parsed document (numbers as JsonNumber).
 */
export async function readDocument(input, { maxBytes = 1 << 30 } = {}) {
  if (typeof Blob !== 'undefined' && input instanceof Blob) input = new Uint8Array(await input.arrayBuffer());
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (ArrayBuffer.isView(input) && !(input instanceof Uint8Array)) input = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof Uint8Array) {
    const bytes = input.length >= 2 && input[0] === 0x1f && input[1] === 0x8b ? await gunzip(input, maxBytes) : input;
    return parseJson(decodeUtf8(bytes));
  }
  if (typeof input === 'string') return parseJson(input);
  if (isPlainObject(input)) return input;
  throw new SpecError('expected the bytes of a bundle, its JSON text or a parsed object');
}

function expectMembers(obj, what, required) {
  if (!isPlainObject(obj)) throw new SpecError(`${what} is not an object`);
  for (const k of required) if (!has(obj, k)) throw new SpecError(`${what} lacks "${k}"`);
  // bundles.md "Reading a bundle": a member the schema does not define is ignored.
}

function expectString(v, what) {
  if (typeof v !== 'string') throw new SpecError(`${what} is not text`);
  return v;
}

/** schemas/proof-parts.schema.json "streamVersion". */
function readStreamVersion(s, what) {
  expectMembers(s, what, ['id', 'version']);
  return { id: expectString(s.id, `${what}.id`), version: integerOf(s.version, `${what}.version`, { min: 0 }) };
}

/**
 * schemas/proof-parts.schema.json "proof": types and members. Value constraints (patterns, ranges,
 * fourteen fields) are checked by the verification steps that own them (bundles.md steps 2–5).
 */
function readProofParts(p, what) {
  expectMembers(p, what, ['checkpoint', 'head', 'events', 'nodes']);
  const c = p.checkpoint;
  expectMembers(c, `${what}.checkpoint`, ['sequence', 'head', 'treeSize', 'root', 'at', 'signature', 'keyId', 'signed']);
  const checkpoint = {
    sequence: integerOf(c.sequence, 'checkpoint.sequence'),
    head: expectString(c.head, 'checkpoint.head'),
    treeSize: integerOf(c.treeSize, 'checkpoint.treeSize'),
    root: expectString(c.root, 'checkpoint.root'),
    at: expectString(c.at, 'checkpoint.at'),
    signature: expectString(c.signature, 'checkpoint.signature'),
    keyId: expectString(c.keyId, 'checkpoint.keyId'),
    signed: expectString(c.signed, 'checkpoint.signed'),
  };
  const h = p.head;
  expectMembers(h, `${what}.head`, ['leafIndex', 'previousHash', 'leaf']);
  const head = {
    leafIndex: integerOf(h.leafIndex, 'head.leafIndex'),
    previousHash: expectString(h.previousHash, 'head.previousHash'),
    leaf: expectString(h.leaf, 'head.leaf'),
  };
  if (!Array.isArray(p.events)) throw new SpecError(`${what}.events is not an array`);
  const events = p.events.map((e, i) => {
    expectMembers(e, `${what}.events[${i}]`, ['leafIndex', 'fields']);
    return { leafIndex: integerOf(e.leafIndex, `events[${i}].leafIndex`), fields: e.fields, position: i };
  });
  if (!isPlainObject(p.nodes)) throw new SpecError(`${what}.nodes is not an object`);
  const nodes = new Map();
  for (const [k, v] of Object.entries(p.nodes)) nodes.set(k, expectString(v, `nodes["${k}"]`));
  return { checkpoint, head, events, nodes };
}

/** schemas/bundle.schema.json. Throws SpecError when the document is not a cchc-bundle/2. */
export function readBundleShape(doc) {
  if (!isPlainObject(doc)) throw new SpecError('the bundle is not a JSON object');
  if (doc.format !== 'cchc-bundle/2') throw new SpecError(`not a cchc-bundle/2 (format ${JSON.stringify(doc.format ?? null)})`);
  expectMembers(doc, 'the bundle', ['format', 'year', 'block', 'publication', 'publicationSequence', 'publicKey', 'streams', 'proof']);
  if (!Array.isArray(doc.streams)) throw new SpecError('streams is not an array');
  return {
    // bundles.md "Reading a bundle": year and publication are 32-bit integers (the ledger's own type).
    year: integerOf(doc.year, 'year', { min: -2147483648, max: 2147483647 }),
    block: expectString(doc.block, 'block'),
    publication: integerOf(doc.publication, 'publication', { min: 1, max: 2147483647 }),
    publicationSequence: integerOf(doc.publicationSequence, 'publicationSequence', { min: 1 }),
    publicKey: expectString(doc.publicKey, 'publicKey'),
    streams: doc.streams.map((s, i) => readStreamVersion(s, `streams[${i}]`)),
    proof: readProofParts(doc.proof, 'proof'),
  };
}

/** schemas/proof.schema.json. Throws SpecError when the document is not a cchc-proof/2. */
export function readProofShape(doc) {
  if (!isPlainObject(doc)) throw new SpecError('the proof is not a JSON object');
  if (doc.format !== 'cchc-proof/2') throw new SpecError(`not a cchc-proof/2 (format ${JSON.stringify(doc.format ?? null)})`);
  expectMembers(doc, 'the proof', ['format', 'year', 'agency', 'publicKey', 'stream', 'proof', 'notYetCovered']);
  if (!Array.isArray(doc.notYetCovered)) throw new SpecError('notYetCovered is not an array');
  return {
    year: integerOf(doc.year, 'year'),
    agency: expectString(doc.agency, 'agency'),
    publicKey: expectString(doc.publicKey, 'publicKey'),
    stream: doc.stream === null ? null : readStreamVersion(doc.stream, 'stream'),
    proof: doc.proof === null ? null : readProofParts(doc.proof, 'proof'),
    notYetCovered: doc.notYetCovered.map((s, i) => integerOf(s, `notYetCovered[${i}]`)),
  };
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 12. Trust (checkpoints.md "Trusting a key"; trust.md; README.md "What a verifier must refuse" 1)
// ════════════════════════════════════════════════════════════════════════════════════════════════

function asList(x) {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? x : [x];
}

/**
 * The keys the verifier's user trusts: every PEM given (`--public-key`), and the artefact's own key
 * only when its full fingerprint is pinned (`--key-fingerprint`). The artefact's key by itself is
 * never trusted. Throws Refusal(untrusted-key) when no key is trusted.
 */
export async function resolveTrustedKeys({ trustedPublicKeyPem, trustedFingerprint } = {}, artefactPem) {
  const trusted = [];
  const problems = [];
  for (const pem of asList(trustedPublicKeyPem)) {
    try {
      trusted.push({ ...(await importPublicKeyPem(pem)), source: 'public-key' });
    } catch (e) {
      problems.push(`the given public key is not an ECDSA P-256 PEM key (${e.message})`);
    }
  }
  const pins = [];
  // checkpoints.md "Trusting a key": with a given key, pinned fingerprints are not consulted.
  const givenKeys = asList(trustedPublicKeyPem).length > 0;
  for (const f of givenKeys ? [] : asList(trustedFingerprint).flatMap((x) => String(x).split(','))) {
    const pin = f.trim().toLowerCase();
    if (!pin) continue;
    if (!HEX32.test(pin)) problems.push(`the pinned fingerprint ${JSON.stringify(f)} is not 64 hex characters`);
    else pins.push(pin);
  }
  if (pins.length) {
    let own = null;
    try {
      own = await importPublicKeyPem(artefactPem);
    } catch (e) {
      problems.push(`the artefact's own key cannot be read (${e.message})`);
    }
    if (own && pins.includes(own.fingerprint)) {
      if (!trusted.some((k) => k.fingerprint === own.fingerprint)) trusted.push({ ...own, source: 'pinned-fingerprint' });
    } else if (own) {
      problems.push(`the artefact's key ${own.fingerprint} is not among the pinned fingerprints`);
    }
  }
  if (trusted.length === 0) {
    const reason =
      asList(trustedPublicKeyPem).length === 0 && pins.length === 0
        ? 'no trusted key: give the ledger\'s public key or pin its fingerprint; the key inside the artefact is never trusted by itself'
        : 'no trusted key';
    throw new Refusal(STATUS.UNTRUSTED_KEY, [reason, ...problems], 0);
  }
  return trusted;
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 13. Verification steps 2–5, shared by bundles and proofs (bundles.md "Verifying a bundle")
// ════════════════════════════════════════════════════════════════════════════════════════════════

/** bundles.md step 2 — Signature: `signed` is the rendering of the fields, and verifies under a trusted key. */
async function stepSignature(cp, trusted, warnings) {
  // bundles.md step 2 renders the fields as given: a malformed `at` is only warned about (the signature decides).
  const atProblem = 'checkpoint.at is not yyyy-MM-ddTHH:mm:ss.ffffffZ';
  const problems = [];
  for (const p of checkpointFieldProblems(cp)) (p === atProblem ? warnings : problems).push(p);
  if (problems.length) throw new Refusal(STATUS.NOT_PROVEN, problems, 2);
  if (cp.signed !== checkpointText(cp)) {
    throw new Refusal(STATUS.NOT_PROVEN, "the checkpoint's signed text is not exactly the rendering of its fields", 2);
  }
  for (const k of trusted) {
    if (await verifyCheckpointSignature(cp.signed, cp.signature, k)) {
      if (cp.keyId !== k.keyId) warnings.push(`the checkpoint's keyId ${cp.keyId} is not the verifying key's (${k.keyId}); keyId is informational`);
      return k;
    }
  }
  throw new Refusal(
    STATUS.NOT_PROVEN,
    `the checkpoint's signature does not verify under the trusted key${trusted.length > 1 ? 's' : ''} (${trusted.map((k) => k.fingerprint).join(', ')})`,
    2,
  );
}

/**
 * bundles.md step 3 — Events: fourteen fields, bare fields present, sequence and version decimal;
 * leaf index below treeSize, sequence at most checkpoint.sequence; no two share a leaf index.
 * Also (event-form.md "Leaf and chain hash": the leaf index is the position in sequence order) the
 * sequences increase with the leaf indexes.
 */
function stepEvents(events, cp, warnings = []) {
  const problems = [];
  const out = [];
  const byLeaf = new Map();
  for (const e of events) {
    const where = `event #${e.position} (leaf ${e.leafIndex})`;
    const fp = eventFieldRefusals(e.fields);
    if (fp.length) {
      problems.push(...fp.map((p) => `${where}: ${p}`));
      continue;
    }
    // event-form.md: other forms are only warned about (a deviation fails inclusion under the ledger's key).
    for (const w of eventFieldProblems(e.fields)) warnings.push(`${where}: ${w}`);
    const sequence = Number(e.fields[0]);
    if (e.leafIndex < 0 || e.leafIndex >= cp.treeSize) problems.push(`${where}: leaf index outside the signed tree of ${cp.treeSize} leaves`);
    if (sequence > cp.sequence) problems.push(`${where}: sequence ${sequence} is after the checkpoint's ${cp.sequence}`);
    if (byLeaf.has(e.leafIndex)) problems.push(`${where}: two events claim leaf ${e.leafIndex}`);
    byLeaf.set(e.leafIndex, true);
    out.push({
      leafIndex: e.leafIndex,
      fields: e.fields,
      sequence,
      stream: e.fields[1],
      version: Number(e.fields[2]),
      type: e.fields[3],
      timestamp: e.fields[4],
    });
  }
  if (problems.length === 0) {
    // event-form.md "Leaf and chain hash": not a refusal (bundles.md steps 2–5 check exactly what they say); a warning.
    const sorted = [...out].sort((a, b) => a.leafIndex - b.leafIndex);
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i];
      if (e.sequence < e.leafIndex + 1) warnings.push(`leaf ${e.leafIndex}: sequence ${e.sequence} is below its position in the tree`);
      if (i > 0 && sorted[i - 1].sequence >= e.sequence) {
        warnings.push(`leaves ${sorted[i - 1].leafIndex} and ${e.leafIndex}: sequence order (${sorted[i - 1].sequence}, ${e.sequence}) disagrees with leaf order`);
      }
    }
  }
  if (problems.length) throw new Refusal(STATUS.NOT_PROVEN, problems.slice(0, 50), 3);
  return out.sort((a, b) => a.sequence - b.sequence);
}

/**
 * bundles.md step 4 — Head: head.leafIndex = treeSize − 1; an event with that leaf index has the
 * head's leaf (and the checkpoint's sequence); SHA-256(previousHash ‖ leaf) = checkpoint.head.
 */
async function stepHead(head, cp, events, leaves, warnings = []) {
  if (!HEX32.test(head.previousHash) || !HEX32.test(head.leaf)) throw new Refusal(STATUS.NOT_PROVEN, 'the head link is not 64 lower-case hex', 4);
  if (head.leafIndex !== cp.treeSize - 1) {
    throw new Refusal(STATUS.NOT_PROVEN, `the head link is leaf ${head.leafIndex}, not the last leaf (${cp.treeSize - 1}) of the signed tree`, 4);
  }
  const headLeaf = fromHex(head.leaf);
  const atHead = events.find((e) => e.leafIndex === head.leafIndex);
  if (atHead) {
    if (!bytesEqual(leaves.get(head.leafIndex), headLeaf)) throw new Refusal(STATUS.NOT_PROVEN, `the event at the head's leaf ${head.leafIndex} does not hash to the head's leaf`, 4);
    // bundles.md: not a refusal, a warning (under the ledger's key the sequences are consistent).
    if (atHead.sequence !== cp.sequence) warnings.push(`the head event's sequence ${atHead.sequence} is not the checkpoint's ${cp.sequence}`);
  }
  const other = events.find((e) => e.leafIndex !== head.leafIndex && e.sequence >= cp.sequence);
  if (other) warnings.push(`event at sequence ${other.sequence} (leaf ${other.leafIndex}) is not before the signed head`);
  const link = await chainLink(fromHex(head.previousHash), headLeaf);
  if (toHex(link) !== cp.head) throw new Refusal(STATUS.NOT_PROVEN, 'the head link does not hash to the signed head', 4);
  return headLeaf;
}

/**
 * bundles.md step 5 — Inclusion: the events' leaves, the head leaf and `nodes` give the signed root
 * (merkle.md multiproof; a given node only for a subtree holding none of these leaves).
 */
async function stepInclusion(cp, leaves, headLeafIndex, headLeaf, rawNodes, warnings) {
  const given = new Map(leaves);
  given.set(headLeafIndex, headLeaf);
  const nodes = new Map();
  const bad = [];
  for (const [k, v] of rawNodes) {
    if (!/^[0-9]+:[0-9]+$/.test(k)) bad.push(`node key ${JSON.stringify(k)} is not "start:count"`);
    else if (!HEX32.test(v)) bad.push(`node ${k} is not 64 lower-case hex`);
    else nodes.set(k, fromHex(v));
  }
  const { root, used } = await multiproofRoot(cp.treeSize, given, nodes);
  if (toHex(root) !== cp.root) throw new Refusal(STATUS.NOT_PROVEN, "the events, the head leaf and the given subtree hashes do not give the signed root", 5);
  // merkle.md: hashes the walk does not use (including keys in another form) are ignored, with a warning.
  const unused = [...rawNodes.keys()].filter((k) => !used.has(k));
  if (unused.length) warnings.push(`${unused.length} given subtree hash(es) not used by the multiproof: ${unused.slice(0, 10).join(', ')}`);
  if (bad.length && unused.length) warnings.push(...bad.slice(0, 10));
  return used.size;
}

/** Steps 2–5 on a proof object (bundle.proof or a cchc-proof/2's proof). */
async function verifyProofParts(proof, trusted, warnings) {
  const cp = proof.checkpoint;
  const key = await stepSignature(cp, trusted, warnings); // step 2
  const events = stepEvents(proof.events, cp, warnings); // step 3
  const leaves = new Map();
  for (const e of events) {
    e.leaf = await eventLeaf(e.fields);
    leaves.set(e.leafIndex, e.leaf);
  }
  const headLeaf = await stepHead(proof.head, cp, events, leaves, warnings); // step 4
  const nodesUsed = await stepInclusion(cp, leaves, proof.head.leafIndex, headLeaf, proof.nodes, warnings); // step 5
  for (let i = 1; i < events.length; i++) {
    if (events[i].timestamp < events[i - 1].timestamp) {
      warnings.push(`recorded instants go backwards between sequences ${events[i - 1].sequence} and ${events[i].sequence} (writers-and-clock.md)`);
      break;
    }
  }
  return { key, events, nodesUsed };
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 14. Bundle steps 6–8 (bundles.md "Verifying a bundle")
// ════════════════════════════════════════════════════════════════════════════════════════════════

function eventData(e) {
  if (e.data === undefined) {
    try {
      e.data = parseJson(e.fields[7]);
    } catch (err) {
      throw new Refusal(STATUS.DIFFERENT, `the data of the event at sequence ${e.sequence} is not JSON (${err.message})`, 8);
    }
    if (!isPlainObject(e.data)) throw new Refusal(STATUS.DIFFERENT, `the data of the event at sequence ${e.sequence} is not a JSON object`, 8);
    // bundles.md "Verdicts": no event type the ledger writes has null as an element of an array.
    const at = nullElement(e.data, '$');
    if (at) throw new Refusal(STATUS.DIFFERENT, `the data of the event at sequence ${e.sequence} is not the JSON object of a ${e.fields[3]}: ${at} is null`, 8);
  }
  return e.data;
}

/** The path of the first array element that is null, anywhere in a parsed JSON value; null when none is. */
function nullElement(v, path) {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null) return `${path}[${i}]`;
      const inner = nullElement(v[i], `${path}[${i}]`);
      if (inner) return inner;
    }
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      const inner = nullElement(x, `${path}.${k}`);
      if (inner) return inner;
    }
  }
  return null;
}

/** The publication's members as typed values (publication.md table). Throws SpecError when malformed. */
function readPublication(d) {
  const str = (k) => expectString(d[k], `publication.${k}`);

  const cs = d.criteriaSet;
  if (!isPlainObject(cs)) throw new SpecError('publication.criteriaSet is not an object');
  if (!Array.isArray(d.entries)) throw new SpecError('publication.entries is not an array');
  const entries = d.entries.map((e, i) => {
    if (!isPlainObject(e)) throw new SpecError(`entries[${i}] is not an object`);
    return {
      rank: reqDecimal(e.rank, `entries[${i}].rank`),
      agency: expectString(e.agency, `entries[${i}].agency`),
      name: expectString(e.name, `entries[${i}].name`),
      total: reqDecimal(e.total, `entries[${i}].total`),
      index: reqDecimal(e.index, `entries[${i}].index`),
      classification: expectString(e.classification, `entries[${i}].classification`),
    };
  });
  if (d.previous !== null && !(isPlainObject(d.previous) && d.previous.number instanceof JsonNumber && typeof d.previous.digest === 'string')) {
    throw new SpecError('publication.previous is neither null nor {number, digest}');
  }
  const pub = {
    format: publicationFormat(d),
    year: integerOf(d.year, 'publication.year'),
    block: str('block'),
    number: integerOf(d.number, 'publication.number'),
    round: integerOf(d.round, 'publication.round'),
    criteriaSet: { id: expectString(cs.id, 'criteriaSet.id'), version: integerOf(cs.version, 'criteriaSet.version', { min: 1 }) },
    publishedAt: utcInstant(d.publishedAt),
    throughSequence: integerOf(d.throughSequence, 'publication.throughSequence', { min: 0 }),
    decisionRef: str('decisionRef'),
    digest: str('digest'),
    entries,
    streams: null,
  };
  if (pub.format === 2) {
    if (!Array.isArray(d.streams)) throw new SpecError('a format-2 publication has no streams list');
    pub.streams = d.streams.map((s, i) => {
      if (!isPlainObject(s)) throw new SpecError(`publication.streams[${i}] is not an object`);
      return { id: expectString(s.id, `publication.streams[${i}].id`), version: integerOf(s.version, `publication.streams[${i}].version`, { min: 0 }) };
    });
  }
  return pub;
}

/**
 * bundles.md step 6 — The publication: the event at publicationSequence is a ranking_published whose
 * year, block and number are the bundle's (README.md refuse list 7).
 */
function stepPublication(bundle, events, warnings = []) {
  const e = events.find((x) => x.sequence === bundle.publicationSequence);
  // bundles.md "Verdicts": the bundle does not hold the publication it names → incomplete.
  if (!e) throw new Refusal(STATUS.INCOMPLETE, `the publication event (sequence ${bundle.publicationSequence}) is absent from the bundle`, 6);
  if (e.type !== 'ranking_published') {
    throw new Refusal(STATUS.INCOMPLETE, `the event at sequence ${bundle.publicationSequence} is a ${e.type}, not a ranking_published`, 6);
  }
  const data = eventData(e);
  let pub;
  try {
    pub = readPublication(data);
  } catch (err) {
    if (err instanceof Refusal) throw err; // an unknown publication format: different
    throw new Refusal(STATUS.DIFFERENT, `the publication event is malformed: ${err.message}`, 6);
  }
  const named = `${bundle.year} ${bundle.block} #${bundle.publication}`;
  if (pub.year !== bundle.year || pub.block !== bundle.block || pub.number !== bundle.publication) {
    throw new Refusal(STATUS.INCOMPLETE, `the publication event is ${pub.year} ${pub.block} #${pub.number}, not the bundle's ${named}`, 6);
  }
  // publication.md: the publication's stream and throughSequence < its sequence are not checked (warnings only).
  if (e.stream !== `round-${pub.year}-${pub.block}`) warnings.push(`the publication event is on stream ${e.stream}, not round-${pub.year}-${pub.block}`);
  if (pub.throughSequence >= e.sequence) warnings.push(`throughSequence ${pub.throughSequence} is not before the publication event (${e.sequence})`);
  return { event: e, data, pub };
}

function streamsOf(events) {
  const m = new Map();
  for (const e of events) {
    if (!m.has(e.stream)) m.set(e.stream, []);
    m.get(e.stream).push(e);
  }
  return m; // each list in sequence order (events are sorted by sequence)
}

/**
 * bundles.md step 8 / scoring.md "Which scorecards a publication ranks": every stream of the bundle whose
 * id starts with `scorecard-` (the opening's year is not compared: a criteria set belongs to one year),
 * ranked when its opening names this block and this criteria set id; the agency code is the opening's.
 * A scorecard stream that does not begin with scorecard_opened cannot be folded: different.
 */
function rankedScorecardStreams(pub, byStream) {
  const out = [];
  for (const [id, list] of byStream) {
    if (!id.startsWith('scorecard-') || list.length === 0) continue;
    const first = list[0];
    if (first.type !== 'scorecard_opened') throw new Refusal(STATUS.DIFFERENT, `the stream ${id} does not begin with scorecard_opened`, 8);
    const d = eventData(first);
    if (d.block === pub.block && d.criteriaSetId === pub.criteriaSet.id) {
      if (typeof d.agency !== 'string') throw new Refusal(STATUS.DIFFERENT, `the opening of ${id} names no agency`, 8);
      out.push({ id, agency: d.agency, events: list });
    }
  }
  return out;
}

/**
 * bundles.md step 7 — Completeness (README.md refuse list 6): for format 2 the bundle's streams are
 * the publication's, in the same order; every listed stream holds exactly versions 1…n at or before
 * throughSequence; every other event is the publication.
 */
function stepCompleteness(bundle, pub, pubEvent, events) {
  const problems = [];
  const listed = new Map();
  for (const s of bundle.streams) listed.set(s.id, s.version);
  if (pub.format === 2) {
    const text = (list) => list.map((s) => `${s.id}@${s.version}`).join('\n');
    if (text(bundle.streams) !== text(pub.streams)) {
      const want = new Map(pub.streams.map((s) => [s.id, s.version]));
      for (const [id, v] of want) if (listed.get(id) !== v) problems.push(`the publication commits ${id} at version ${v}; the bundle lists ${listed.has(id) ? `version ${listed.get(id)}` : 'nothing'}`);
      for (const [id, v] of listed) if (!want.has(id)) problems.push(`the bundle lists ${id} (version ${v}), which the publication does not commit`);
      if (problems.length === 0) problems.push("the bundle's stream list is not the one the publication commits (the same ids and versions in the same order)");
    }
  }
  const byStream = streamsOf(events.filter((e) => e !== pubEvent));
  for (const e of events) {
    if (e === pubEvent) continue;
    if (!listed.has(e.stream)) problems.push(`the event at sequence ${e.sequence} (${e.stream}) belongs to no listed stream`);
    else if (e.sequence > pub.throughSequence) problems.push(`the event at sequence ${e.sequence} (${e.stream}) is after throughSequence ${pub.throughSequence}`);
  }
  for (const [id, n] of listed) {
    const versions = (byStream.get(id) ?? []).filter((e) => e.sequence <= pub.throughSequence).map((e) => e.version);
    const ok = versions.length === n && versions.every((v, i) => v === i + 1);
    if (!ok) problems.push(`stream ${id} does not hold exactly versions 1…${n} (it holds ${versions.length ? versions.join(', ') : 'none'})`);
  }
  if (problems.length) throw new Refusal(STATUS.INCOMPLETE, problems.slice(0, 50), 7);
  return { byStream, listed };
}

function entryFieldsDiffer(pubEntries, recomputed) {
  const diffs = [];
  const n = Math.max(pubEntries.length, recomputed.length);
  if (pubEntries.length !== recomputed.length) diffs.push({ field: 'entries', published: String(pubEntries.length), recomputed: String(recomputed.length) });
  const show = (v) => (v instanceof Decimal ? v.toString() : v);
  for (let i = 0; i < n; i++) {
    const p = pubEntries[i];
    const r = recomputed[i];
    if (!p || !r) {
      diffs.push({ position: i + 1, agency: (p ?? r).agency, field: 'entry', published: p ? p.agency : null, recomputed: r ? r.agency : null });
      continue;
    }
    for (const f of ['agency', 'rank', 'name', 'total', 'index', 'classification']) {
      const a = p[f];
      const b = r[f];
      const same = a instanceof Decimal && b instanceof Decimal ? a.eq(b) : a === b;
      if (!same) diffs.push({ position: i + 1, agency: r.agency, field: f, published: show(a), recomputed: show(b) });
    }
  }
  return diffs;
}

/**
 * bundles.md step 8 — Ranking: fold the events, take the rules at criteriaSet.version, score and rank
 * the block's scorecards under the set, name each agency as its stream had it at throughSequence; the
 * entries must equal the published ones, and the publication with them must hash to its digest (and
 * the stored entries to the stored digest). README.md refuse list 8.
 */
async function stepRanking(pub, pubData, completeness, warnings) {
  const { byStream, listed } = completeness;
  const cut = (list) => (list ?? []).filter((e) => e.sequence <= pub.throughSequence);
  const withData = (list) => cut(list).map((e) => ({ type: e.type, data: eventData(e) }));
  // bundles.md "Verdicts": every event up to throughSequence must be of a type the ledger writes, with JSON object data.
  for (const list of byStream.values()) {
    for (const e of cut(list)) {
      if (!EVENT_TYPES.has(e.type)) throw new Refusal(STATUS.DIFFERENT, `the event at sequence ${e.sequence} has a type the ledger does not write: ${e.type}`, 8);
      eventData(e);
    }
  }
  const ranked = rankedScorecardStreams(pub, byStream);
  // bundles.md step 8: names from every agency- stream, by the registered code; an agency without a stream is named by its code.
  const names = new Map();
  for (const [id, list] of byStream) {
    if (!id.startsWith('agency-') || cut(list).length === 0) continue;
    if (cut(list)[0].type !== 'agency_registered') throw new Refusal(STATUS.DIFFERENT, `the stream ${id} does not begin with agency_registered`, 8);
    const agency = foldAgency(withData(list));
    if (typeof agency.code === 'string') names.set(agency.code, agency.name);
  }
  let rules;
  try {
    rules = rulesAtVersion(withData(byStream.get(`criteria-set-${pub.criteriaSet.id}`)), pub.criteriaSet.version);
  } catch (err) {
    throw new Refusal(STATUS.DIFFERENT, `the rules of ${pub.criteriaSet.id} version ${pub.criteriaSet.version}: ${err.message}`, 8);
  }
  // scoring.md: `retired` takes no part in scoring.
  const cards = [];
  try {
    for (const r of ranked) {
      const name = names.has(r.agency) ? names.get(r.agency) : r.agency;
      if (typeof name !== 'string') throw new SpecError(`the agency ${r.agency} has no name`);
      cards.push({ agency: r.agency, name, score: scoreCard(rules, foldScorecard(withData(r.events))) });
    }
  } catch (err) {
    if (err instanceof Refusal) throw err;
    throw new Refusal(STATUS.DIFFERENT, `scoring failed: ${err.message}`, 8);
  }
  const entries = rankCards(rules, cards);
  if (pub.format === 2) {
    // publication.md "Which streams a publication derives from": warn about a committed stream the ranking does not derive from.
    const derived = new Set([`criteria-set-${pub.criteriaSet.id}`, ...ranked.map((r) => r.id), ...ranked.map((r) => `agency-${r.agency}`)]);
    for (const id of listed.keys()) if (!derived.has(id)) warnings.push(`the publication commits ${id}, from which its ranking does not derive`);
  }
  const differences = entryFieldsDiffer(pub.entries, entries);
  const recomputedPub = { ...pubData, entries };
  const digest = await publicationDigest(recomputedPub);
  const storedDigest = await publicationDigest(pubData);
  const reasons = [];
  if (differences.length) reasons.push(`the ranking recomputed from the events differs from the published entries (${differences.length} difference${differences.length > 1 ? 's' : ''})`);
  if (storedDigest !== pub.digest) reasons.push(`the published entries do not hash to the published digest (they hash to ${storedDigest})`);
  if (digest !== pub.digest) reasons.push(`the recomputed ranking does not hash to the published digest (it hashes to ${digest})`);
  return { entries, differences, digest, storedDigest, reasons, cards, rules };
}

function entryJson(e) {
  return {
    rank: Number(e.rank.toString()),
    agency: e.agency,
    name: e.name,
    total: e.total.toString(),
    index: e.index.toString(),
    classification: e.classification,
  };
}

/**
 * bundles.md "Evidence files": the hashes the bundle's events cite, each with the sequences of the
 * events citing it: every `evidence[].file.sha256` of an event's data that is 64 lower-case hex.
 */
export function citedEvidence(events) {
  const cited = new Map();
  for (const e of [...events].sort((a, b) => a.sequence - b.sequence)) {
    let data;
    try {
      data = eventData(e);
    } catch {
      continue; // such an event fails step 8 before evidence is looked at
    }
    if (!Array.isArray(data.evidence)) continue;
    for (const item of data.evidence) {
      if (!isPlainObject(item) || !isPlainObject(item.file)) continue;
      const h = item.file.sha256;
      if (typeof h !== 'string' || !HEX32.test(h)) continue;
      if (!cited.has(h)) cited.set(h, []);
      if (!cited.get(h).includes(e.sequence)) cited.get(h).push(e.sequence);
    }
  }
  return cited;
}

/**
 * bundles.md step 9: every file of the evidence folder whose name is a cited hash hashes to its name.
 * `files`: [{ name, bytes: async () => Uint8Array }]. Files named otherwise are ignored (with a
 * warning); a cited file absent is no failure. Throws Refusal(evidence-altered) naming every altered file.
 */
async function stepEvidence(events, files, warnings) {
  const cited = citedEvidence(events);
  const altered = [];
  let present = 0;
  for (const f of [...files].sort((a, b) => ordinalCompare(a.name, b.name))) {
    if (!cited.has(f.name)) {
      warnings.push(`evidence/${f.name} is not a file the bundle's events cite; it is ignored`);
      continue;
    }
    present++;
    const actual = toHex(await sha256(await f.bytes()));
    if (actual !== f.name) altered.push(`evidence/${f.name}: its bytes hash to ${actual}; cited by the event(s) at sequence ${cited.get(f.name).join(', ')}`);
  }
  if (altered.length) throw new Refusal(STATUS.EVIDENCE_ALTERED, [`${altered.length} of the ${present} evidence files present do not hash to their names`, ...altered], 9);
  return { cited: cited.size, present };
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// 15. verifyBundle and verifyProof
// ════════════════════════════════════════════════════════════════════════════════════════════════

function newVerdict() {
  return {
    identical: false,
    status: null,
    exitCode: null,
    step: null,
    reasons: [],
    warnings: [],
    digest: null,
    publishedDigest: null,
    differences: [],
    counts: { events: 0, streams: 0, nodes: 0, nodesUsed: 0, scorecards: 0, entries: 0 },
    evidence: null,
    publication: null,
    checkpoint: null,
    key: null,
    entries: [],
    publishedEntries: [],
  };
}

function finish(verdict, status, reasons = [], step = null) {
  verdict.status = status;
  verdict.exitCode = exitCodeOf(status);
  verdict.identical = status === STATUS.IDENTICAL;
  verdict.reasons = reasons;
  verdict.step = step;
  return verdict;
}

/**
 * Verify a cchc-bundle/2 against a trusted key (bundles.md "Verifying a bundle", steps 1–8; README.md
 * "What a verifier must refuse"). `input`: the bundle's bytes (gzip or plain JSON), its JSON text, or a
 * parsed object. `options`: { trustedPublicKeyPem?: string|string[], trustedFingerprint?: string|string[] }.
 * Never throws for a bad bundle: returns a verdict
 * { identical, status, exitCode, step, reasons, warnings, digest, publishedDigest, differences, counts,
 *   publication, checkpoint, key, entries, publishedEntries }.
 */
export async function verifyBundle(input, options = {}) {
  const verdict = newVerdict();
  // Step 1: format (exit 2 when unreadable or not a cchc-bundle/2).
  let bundle;
  try {
    bundle = readBundleShape(await readDocument(input, options));
  } catch (err) {
    return finish(verdict, STATUS.UNREADABLE, [err instanceof JsonSyntaxError ? `not JSON: ${err.message}` : err.message], 1);
  }
  // bundles.md "Reading a bundle": a publicKey that is not a PEM public key makes the bundle unreadable.
  try {
    await importPublicKeyPem(bundle.publicKey);
  } catch (err) {
    return finish(verdict, STATUS.UNREADABLE, [`the bundle's publicKey is not a PEM P-256 public key (${err.message})`], 1);
  }
  const proof = bundle.proof;
  verdict.counts.events = proof.events.length;
  verdict.counts.streams = bundle.streams.length;
  verdict.counts.nodes = proof.nodes.size;
  verdict.checkpoint = { sequence: proof.checkpoint.sequence, treeSize: proof.checkpoint.treeSize, at: proof.checkpoint.at, keyId: proof.checkpoint.keyId };
  try {
    // A trusted key (README.md refuse list 1; checkpoints.md "Trusting a key"): exit 3 without one.
    const trusted = await resolveTrustedKeys(options, bundle.publicKey);
    // Steps 2–5: signature, events, head, inclusion.
    const { key, events, nodesUsed } = await verifyProofParts(proof, trusted, verdict.warnings);
    verdict.key = { fingerprint: key.fingerprint, keyId: key.keyId, source: key.source };
    verdict.counts.nodesUsed = nodesUsed;
    try {
      const own = await importPublicKeyPem(bundle.publicKey);
      if (own.fingerprint !== key.fingerprint) verdict.warnings.push(`the bundle's own publicKey (${own.fingerprint}) is not the key that verified; it is informational`);
    } catch {
      verdict.warnings.push("the bundle's own publicKey cannot be read; it is informational");
    }
    // Step 6: the publication.
    const { event: pubEvent, data: pubData, pub } = stepPublication(bundle, events, verdict.warnings);
    verdict.publishedDigest = pub.digest;
    verdict.publishedEntries = pub.entries.map(entryJson);
    verdict.counts.entries = pub.entries.length;
    verdict.publication = {
      year: pub.year,
      block: pub.block,
      number: pub.number,
      round: pub.round,
      format: pub.format === 2 ? PUBLICATION_FORMAT_2 : 'format 1',
      criteriaSet: pub.criteriaSet,
      publishedAt: pub.publishedAt,
      throughSequence: pub.throughSequence,
      decisionRef: pub.decisionRef,
      sequence: pubEvent.sequence,
    };
    if (pub.format === 1) verdict.warnings.push('a format-1 publication commits no streams: a stream missing as a whole cannot be detected');
    // Step 7: completeness.
    const completeness = stepCompleteness(bundle, pub, pubEvent, events);
    // Step 8: ranking and digest.
    const r = await stepRanking(pub, pubData, completeness, verdict.warnings);
    verdict.counts.scorecards = r.cards.length;
    verdict.digest = r.digest;
    verdict.entries = r.entries.map(entryJson);
    verdict.differences = r.differences;
    if (r.reasons.length) return finish(verdict, STATUS.DIFFERENT, r.reasons, 8);
    // Step 9: the evidence files beside the bundle, when the caller gives them.
    if (options.evidence) {
      const ev = await stepEvidence(events, options.evidence, verdict.warnings);
      verdict.evidence = ev;
    }
    return finish(verdict, STATUS.IDENTICAL, ['proven, complete, and the recomputed ranking hashes to the published digest']);
  } catch (err) {
    if (err instanceof Refusal) return finish(verdict, err.status, err.reasons, err.step);
    return finish(verdict, STATUS.NOT_PROVEN, [`verification failed: ${err.message}`], null);
  }
}

/**
 * Verify a cchc-proof/2 (bundles.md "cchc-proof/2: an agency's scorecard"): steps 2–5, and the events
 * are exactly versions 1…stream.version of the scorecard stream. It proves that what it holds is the
 * ledger's and has no gap, not that nothing followed (stream.version is the server's statement).
 * Returns { proven, status, exitCode, step, reasons, warnings, stream, counts, checkpoint, key, notYetCovered }.
 */
export async function verifyProof(input, options = {}) {
  const verdict = {
    proven: false,
    status: null,
    exitCode: null,
    step: null,
    reasons: [],
    warnings: [],
    stream: null,
    counts: { events: 0, nodes: 0, nodesUsed: 0 },
    checkpoint: null,
    key: null,
    notYetCovered: [],
  };
  const done = (status, reasons, step = null) => {
    verdict.status = status;
    verdict.exitCode = exitCodeOf(status);
    verdict.proven = status === STATUS.PROVEN;
    verdict.reasons = reasons;
    verdict.step = step;
    return verdict;
  };
  let doc;
  try {
    doc = readProofShape(await readDocument(input, options));
  } catch (err) {
    return done(STATUS.UNREADABLE, [err instanceof JsonSyntaxError ? `not JSON: ${err.message}` : err.message], 1);
  }
  try {
    await importPublicKeyPem(doc.publicKey);
  } catch (err) {
    return done(STATUS.UNREADABLE, [`the proof's publicKey is not a PEM P-256 public key (${err.message})`], 1);
  }
  verdict.stream = doc.stream;
  verdict.notYetCovered = doc.notYetCovered;
  try {
    const trusted = await resolveTrustedKeys(options, doc.publicKey);
    // bundles.md "cchc-proof/2": `stream` or `proof` null (no checkpoint yet) is not proven.
    if (doc.stream === null) return done(STATUS.NOT_PROVEN, [`the proof names no scorecard stream for ${doc.agency} in ${doc.year}`], 7);
    if (doc.proof === null) return done(STATUS.NOT_PROVEN, ['the proof holds no proof: no checkpoint covers the stream yet'], 2);
    verdict.counts.events = doc.proof.events.length;
    verdict.counts.nodes = doc.proof.nodes.size;
    const cp = doc.proof.checkpoint;
    verdict.checkpoint = { sequence: cp.sequence, treeSize: cp.treeSize, at: cp.at, keyId: cp.keyId };
    const { key, events, nodesUsed } = await verifyProofParts(doc.proof, trusted, verdict.warnings);
    verdict.key = { fingerprint: key.fingerprint, keyId: key.keyId, source: key.source };
    verdict.counts.nodesUsed = nodesUsed;
    const expectedId = `scorecard-${doc.year}-${doc.agency}`;
    if (doc.stream.id !== expectedId) return done(STATUS.INCOMPLETE, [`the proof's stream is ${doc.stream.id}, not ${expectedId}`], 7);
    const problems = [];
    for (const e of events) if (e.stream !== doc.stream.id) problems.push(`the event at sequence ${e.sequence} belongs to ${e.stream}, not ${doc.stream.id}`);
    const versions = events.map((e) => e.version);
    if (!(versions.length === doc.stream.version && versions.every((v, i) => v === i + 1))) {
      problems.push(`the events are not exactly versions 1…${doc.stream.version} of ${doc.stream.id} (they are ${versions.join(', ') || 'none'})`);
    }
    if (problems.length) return done(STATUS.INCOMPLETE, problems, 7);
    for (const s of doc.notYetCovered) if (s <= cp.sequence) verdict.warnings.push(`notYetCovered lists sequence ${s}, which the checkpoint (${cp.sequence}) covers`);
    return done(STATUS.PROVEN, [`the ${events.length} events of ${doc.stream.id} up to the checkpoint are the ledger's, versions 1…${doc.stream.version} without a gap`]);
  } catch (err) {
    if (err instanceof Refusal) return done(err.status, err.reasons, err.step);
    return done(STATUS.NOT_PROVEN, [`verification failed: ${err.message}`]);
  }
}

/** A short human-readable rendering of a bundle verdict (used by the CLI and the demo page). */
export function formatVerdict(v) {
  const lines = [];
  lines.push(v.status === STATUS.IDENTICAL ? 'identical' : `${statusLabel(v.status)}: ${v.reasons[0] ?? ''}`);
  for (const r of v.reasons.slice(1)) lines.push(`  ${r}`);
  if (v.publication) {
    const p = v.publication;
    lines.push(`publication ${p.year} ${p.block} #${p.number} (${p.format}), sequence ${p.sequence}, through sequence ${p.throughSequence}, published ${p.publishedAt}`);
  }
  if (v.publishedDigest) lines.push(`digest    ${v.digest ?? '(not recomputed)'}\npublished ${v.publishedDigest}`);
  if (v.key) lines.push(`key ${v.key.fingerprint} (${v.key.source === 'public-key' ? 'given' : 'pinned fingerprint'})`);
  if (v.checkpoint) lines.push(`checkpoint at sequence ${v.checkpoint.sequence}, ${v.checkpoint.treeSize} leaves, ${v.checkpoint.at}`);
  if (v.status !== STATUS.UNREADABLE) {
    const ranked = v.publication ? `, ${v.counts.scorecards} scorecards ranked` : '';
    lines.push(`${v.counts.events} events, ${v.counts.streams} streams, ${v.counts.nodes} subtree hashes${ranked}`);
  }
  if (v.evidence) lines.push(`evidence: ${v.evidence.present} of the ${v.evidence.cited} files the events cite are present and hash to their names`);
  for (const e of v.entries) lines.push(`  ${e.rank}. ${e.agency}  ${e.name}  ${e.total}  ${e.index}  ${e.classification}`);
  for (const d of v.differences.slice(0, 50)) {
    lines.push(`  difference${d.position ? ` at ${d.position}` : ''}${d.agency ? ` (${d.agency})` : ''}: ${d.field} published ${d.published}, recomputed ${d.recomputed}`);
  }
  for (const w of v.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
