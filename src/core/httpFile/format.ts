import { parseBoundedJson } from '../jsonLimits';
import type { Exchange } from './send';

/** A body as shown: JSON indented (when it parses, up to 1 MB), anything else as it came. */
export function prettyBody(body: string): string {
  if (body.length > 1024 * 1024) return body;
  try {
    return JSON.stringify(parseBoundedJson(body, 'answer'), null, 2);
  } catch {
    return body;
  }
}

const headerLines = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`);

/** The request as sent, credential masked: `POST https://…`, its headers, its body. */
export function formatRequest(ex: Exchange): string {
  const r = ex.request;
  return [`${r.method} ${r.url}`, ...headerLines(r.headers), ...(r.body !== undefined ? ['', r.body] : [])].join('\n');
}

/**
 * The answer as an HTTP message: `HTTP 200 (84 ms)`, headers, a blank line, the body (JSON
 * indented); or `No answer: …`. Everything in it was masked when the exchange was made.
 */
export function formatResponse(ex: Exchange): string {
  if (!ex.response) return `No answer: ${ex.error ?? 'nothing was sent'}`;
  const r = ex.response;
  return [`HTTP ${r.status} (${r.latencyMs} ms)`, ...headerLines(r.headers), '', prettyBody(r.body)].join('\n');
}

/** Notes for people, one per line, `# ` first (so the response document stays an HTTP message). */
export function formatNotes(ex: Exchange): string[] {
  const notes = [...ex.notes];
  if (ex.maskedInAnswer)
    notes.push(`${ex.maskedInAnswer} secret${ex.maskedInAnswer === 1 ? '' : 's'} in the answer masked.`);
  return notes.map((n) => `# ${n}`);
}
