import { createHash, timingSafeEqual } from 'node:crypto';
import { invalidInput } from '../../errors';
import { parseBoundedJson } from '../../jsonLimits';
import type { Diagnosis, WebhookVerdict } from '../../webhooks/verdict';

/** PHP's json_encode flags that change the text (the rest do not matter here). */
export interface PhpJsonFlags {
  unescapedSlashes?: boolean;
  unescapedUnicode?: boolean;
}

const hex4 = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;

function phpString(s: string, f: PhpJsonFlags): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '/') out += f.unescapedSlashes ? '/' : '\\/';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += hex4(c);
    // PHP escapes U+2028/2029 even with JSON_UNESCAPED_UNICODE (unless JSON_UNESCAPED_LINE_TERMINATORS).
    else if (c > 0x7f && (!f.unescapedUnicode || c === 0x2028 || c === 0x2029))
      for (let i = 0; i < ch.length; i++) out += hex4(ch.charCodeAt(i));
    else out += ch;
  }
  return `${out}"`;
}

function phpNumber(n: number): string {
  if (!Number.isFinite(n)) throw invalidInput('data holds a number JSON cannot encode');
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  // PHP (serialize_precision -1) writes the shortest round-trip form, with "e+" exponents as "1.0e+25".
  const s = String(n);
  return s.includes('e') ? s.replace(/^(-?\d+)(e)/, '$1.0$2') : s;
}

/**
 * PHP's `json_encode($value, $flags)` for values decoded from JSON: `/` escaped as `\/` and
 * non-ASCII as `\uXXXX` (lower-case hex, UTF-16) unless the flags say otherwise, no spaces.
 */
export function phpJsonEncode(v: unknown, f: PhpJsonFlags = {}): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return phpNumber(v);
  if (typeof v === 'string') return phpString(v, f);
  if (Array.isArray(v)) return `[${v.map((x) => phpJsonEncode(x, f)).join(',')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${phpString(k, f)}:${phpJsonEncode(x, f)}`)
      .join(',')}}`;
  throw invalidInput(`data holds a ${typeof v}, which JSON cannot encode`);
}

/** The exact text of a top-level member's value in a JSON object (`{"data": {…}, "hash": "…"}`). */
export function rawMember(json: string, key: string): string | undefined {
  let i = json.indexOf('{');
  if (i < 0) return undefined;
  let depth = 0;
  let keyStart = -1;
  let lastKey: string | undefined;
  let valueStart = -1;
  for (; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      const start = i;
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
      if (depth === 1 && valueStart < 0) {
        keyStart = start;
        lastKey = JSON.parse(json.slice(keyStart, i + 1)) as string;
      }
      continue;
    }
    if (c === ':' && depth === 1 && lastKey !== undefined) valueStart = i + 1;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']' || (c === ',' && depth === 1)) {
      if (depth === 1 && valueStart >= 0) {
        if (lastKey === key) return json.slice(valueStart, i).trim();
        valueStart = -1;
        lastKey = undefined;
      }
      if (c !== ',') depth--;
    }
  }
  return undefined;
}

const ENCODINGS: { name: string; encode: (data: unknown, raw: string | undefined) => string | undefined }[] = [
  { name: "PHP json_encode (Helcim's encoding)", encode: (d) => phpJsonEncode(d) },
  { name: 'the data exactly as it appears in the message', encode: (_d, raw) => raw },
  { name: 'PHP json_encode with JSON_UNESCAPED_SLASHES', encode: (d) => phpJsonEncode(d, { unescapedSlashes: true }) },
  { name: 'PHP json_encode with JSON_UNESCAPED_UNICODE', encode: (d) => phpJsonEncode(d, { unescapedUnicode: true }) },
  { name: 'JSON.stringify', encode: (d) => JSON.stringify(d) },
];

/** Reads `{"data": …, "hash": …}`, or the iframe message that wraps it (`eventMessage` as a JSON string). */
function responseOf(text: string): { data: unknown; hash: string; raw: string | undefined } {
  let value = parseBoundedJson(text, 'The response');
  let source = text;
  const o = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const msg = o(value)?.eventMessage;
  if (typeof msg === 'string') {
    value = parseBoundedJson(msg, 'eventMessage');
    source = msg;
  } else if (o(msg)) {
    value = msg;
    source = JSON.stringify(msg);
  }
  const r = o(value);
  if (!r || !('data' in r) || typeof r.hash !== 'string')
    throw invalidInput(
      'The response needs "data" and "hash"',
      'Paste the iframe’s success message: {"data": {…}, "hash": "…"} (or the event with its eventMessage).',
    );
  if (!/^[0-9a-fA-F]{64}$/.test(r.hash.trim())) throw invalidInput('"hash" is not 64 hexadecimal digits (a SHA-256)');
  return { data: r.data, hash: r.hash.trim().toLowerCase(), raw: rawMember(source, 'data') };
}

/**
 * Verifies a HelcimPay.js response: hash = sha256(json_encode(data) . secretToken). Says which JSON
 * encoding matched; when none does, the likely cause (the secretToken of another checkout, data
 * changed, or a JSON.stringify-based check that cannot match PHP's escaping).
 */
export function verifyHelcimPayResponse(text: string, secretToken: string): WebhookVerdict {
  const base: WebhookVerdict = { ok: false, kind: 'helcimpay-response', summary: '', causes: [], checks: [] };
  let r: ReturnType<typeof responseOf>;
  try {
    r = responseOf(text);
  } catch (e) {
    const d: Diagnosis = {
      cause: 'malformed-response',
      message: (e as Error).message,
      advice: 'Paste the iframe’s success message: {"data": {…}, "hash": "…"}.',
    };
    return { ...base, causes: [d], summary: `Not verified: ${d.message}` };
  }
  const token = secretToken.trim();
  const expected = Buffer.from(r.hash, 'hex');
  for (const enc of ENCODINGS) {
    const encoded = enc.encode(r.data, r.raw);
    if (encoded === undefined) continue;
    const digest = createHash('sha256')
      .update(encoded + token)
      .digest();
    const ok = timingSafeEqual(digest, expected);
    base.checks.push(`sha256(${enc.name} . secretToken): ${ok ? 'matches' : 'no match'}`);
    if (ok) {
      const jsNote = enc.name === 'JSON.stringify' ? '' : phpVsJs(r.data);
      return { ...base, ok: true, matched: enc.name, summary: `Verified: the hash matches ${enc.name}${jsNote}` };
    }
  }
  const d: Diagnosis = {
    cause: 'hash-mismatch',
    message: 'No encoding of data gives this hash with this secretToken',
    advice:
      'Each checkout has its own secretToken (from POST /v2/helcim-pay/initialize): use the one of this checkout, ' +
      'and hash data as Helcim sent it. A check built on JSON.stringify fails whenever data holds "/" or accents.',
  };
  return { ...base, causes: [d], summary: `Not verified: ${d.message}` };
}

/** " (JSON.stringify would not match: …)" when PHP's escaping makes the two differ. */
function phpVsJs(data: unknown): string {
  if (phpJsonEncode(data) === JSON.stringify(data)) return '';
  return '; JSON.stringify would not match (PHP escapes "/" and non-ASCII characters)';
}
