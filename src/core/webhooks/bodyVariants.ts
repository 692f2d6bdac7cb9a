import { parseBoundedJson } from '../jsonLimits';
import type { Diagnosis } from './verdict';

/**
 * Other forms the same body takes when a framework parses it and something re-serialises it:
 * compact or pretty JSON, sorted keys, line breaks converted, a trailing line break added or lost.
 * When a signature matches one of these and not the body verified, the body was changed between
 * the sender and the check.
 */
export function bodyVariants(body: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const add = (name: string, text: string) => {
    if (text !== body && !out.some((v) => v.text === text)) out.push({ name, text });
  };
  let parsed: unknown;
  try {
    // Bounded: a body nested thousands deep would overflow the stack of the printers below.
    parsed = parseBoundedJson(body, 'body');
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined) {
    add('compact JSON (JSON.stringify of the parsed body)', JSON.stringify(parsed));
    add('pretty JSON, 2 spaces', JSON.stringify(parsed, null, 2));
    add('pretty JSON, 4 spaces', JSON.stringify(parsed, null, 4));
    add('compact JSON with the keys sorted', JSON.stringify(sortKeys(parsed)));
    add('compact JSON with spaces after : and , (Python json.dumps)', pythonDumps(parsed));
  }
  add('line breaks as CRLF', body.replace(/\r?\n/g, '\r\n'));
  add('line breaks as LF', body.replace(/\r\n/g, '\n'));
  add('with a trailing line break', `${body}\n`);
  add('without the trailing line break', body.replace(/\r?\n$/, ''));
  add('trimmed', body.trim());
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Python's json.dumps default separators (", " and ": "), ASCII-escaped as it does by default. */
function pythonDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pythonDumps).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${asciiJson(k)}: ${pythonDumps(x)}`)
      .join(', ')}}`;
  return typeof v === 'string' ? asciiJson(v) : JSON.stringify(v);
}

function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The "body changed" diagnosis, when the signature matches one of the body's other forms. */
export function bodyChanged(body: string, matches: (text: string) => boolean): Diagnosis | undefined {
  const variant = bodyVariants(body).find((v) => matches(v.text));
  if (!variant) return undefined;
  return {
    cause: 'body-changed',
    message: `The signature matches the body as ${variant.name}, not the body checked: it was changed on the way`,
    advice: 'Verify the raw request bytes before any JSON parsing (e.g. express.raw() for the webhook route).',
  };
}
