import { mask, redact } from '../mask';
import { SECRET_RULES } from '../scanner/rules';
import { type Finding, scan } from '../scanner/scan';

/** JSON members whose string value is a credential by its name (`apiToken`, `client_secret`, `password`). */
const CREDENTIAL_NAME =
  '[A-Za-z0-9_-]{0,40}(?:token|secret|password|passwd|api[-_]?key|private[-_]?key)[A-Za-z0-9_-]{0,40}';
const SENSITIVE_MEMBER = new RegExp(`("${CREDENTIAL_NAME}"\\s{0,5}:\\s{0,5}")([^"\\\\]{8,4096})"`, 'gi');
/** Header names whose value is a credential by its name (`api-token`, `x-api-key`, `x-stripe-key`). */
const SENSITIVE_HEADER = /token|secret|passw(?:or)?d|api[-_]?key|private[-_]?key|(?:^|[-_])key$|credential|session/i;
/**
 * How a body is scanned for what to mask: a sender's own `payapi-ignore` must not keep its secret
 * unmasked (directives are not honoured), and only secrets' values are masked (not names in code).
 */
export const REDACTION_SCAN = { honourDirectives: false, rules: SECRET_RULES } as const;
/** What an event label may be; anything else (a masked value, a sentence, markup) is dropped. */
const EVENT_LABEL = /^[\w.:-]{1,60}$/;

/**
 * Masks what a body must not show: scanner findings (overlapping ones as one), known secrets, and
 * JSON string values whose name says credential. Returns the text and how many values were masked.
 * `findings` are the scanner's on `body` when they were found elsewhere (a worker with a time budget).
 */
export function redactBody(
  body: string,
  known: readonly string[],
  findings: readonly Pick<Finding, 'start' | 'end'>[] = scan(body, REDACTION_SCAN),
): { text: string; count: number } {
  let count = 0;
  // One pass over the text (slicing it again per finding is quadratic: 5 min for 1 MB of keys).
  const parts: string[] = [];
  let at = 0;
  let open: { start: number; end: number } | undefined;
  const close = () => {
    if (!open) return;
    parts.push(body.slice(at, open.start), mask(body.slice(open.start, open.end)));
    at = open.end;
    count++;
  };
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (open && f.start < open.end) open.end = Math.max(open.end, f.end);
    else {
      close();
      open = { start: f.start, end: f.end };
    }
  }
  close();
  parts.push(body.slice(at));
  let text = parts.join('');
  const before = text;
  text = redact(text, known);
  if (text !== before) count += known.filter((k) => before.includes(k)).length;
  text = text.replace(SENSITIVE_MEMBER, (all, name: string, value: string) => {
    if (value.startsWith('••••')) return all;
    count++;
    return `${name}${mask(value)}"`;
  });
  return { text, count };
}

/**
 * Masks header values as {@link redactBody} masks a body (each seen as its `name: value` line, so
 * rules anchored on the name apply), and wholly when the name says credential (`api-token`).
 */
export function redactHeaders(headers: Record<string, string>, known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (SENSITIVE_HEADER.test(name)) {
      out[name] = mask(value);
      continue;
    }
    const line = redactBody(`${name}: ${value}`, known).text;
    // A finding that took in the name would leave no clean value: mask all of it.
    out[name] = line.startsWith(`${name}: `) ? line.slice(name.length + 2) : mask(value);
  }
  return out;
}

/** The event's name or type from a (masked) JSON body, when it reads as a label (`^[\w.:-]{1,60}$`). */
export function eventLabelOf(shownBody: string): string | undefined {
  try {
    const o: unknown = JSON.parse(shownBody);
    if (!o || typeof o !== 'object') return undefined;
    const v = (o as Record<string, unknown>).name ?? (o as Record<string, unknown>).type;
    return typeof v === 'string' && EVENT_LABEL.test(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
