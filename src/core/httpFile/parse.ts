import { clip } from '../errors';
import {
  hasControl,
  isBlank,
  isComment,
  isHeaderName,
  readMetadata,
  readNeverRun,
  readVariableDefinition,
  separatorTitle,
  splitLines,
  splitRequestLine,
  withoutVersion,
} from './lines';
import { Listed } from './listed';
import type { HttpFile, HttpFileProblem, HttpFileRequest, HttpFileUnsupported } from './types';
import {
  Expander,
  MAX_EXPANSION_PER_FILE,
  type ExpansionBudget,
  type FileVariable,
  type SystemVariableSources,
} from './variables';

/** The largest file read, in characters. */
export const MAX_HTTP_FILE_CHARS = 5 * 1024 * 1024;
/** The most requests read from one file. */
export const MAX_HTTP_FILE_REQUESTS = 1000;
/** The most problems, and unsupported constructs, listed per request. */
const MAX_LISTED = 100;

/** Metadata comments that would run, read or ask for something (the others are ignored). */
const NEVER_RUN_METADATA: Record<string, string> = {
  prompt: 'asks for input (not supported)',
  ref: 'runs another request first (not run)',
  forceRef: 'runs another request first (not run)',
  import: 'reads another file (not read)',
  loop: 'repeats the request by a JavaScript expression (not run)',
};

interface Located {
  text: string;
  /** 1-based. */
  line: number;
}

/** A request as written, before its variables are substituted. */
interface RawRequest {
  name?: string;
  line: number;
  endLine: number;
  method: string;
  url: Located[];
  headers: { name: string; value: Located }[];
  body: Located[];
  unsupported: HttpFileUnsupported[];
  problems: HttpFileProblem[];
}

/** What the first pass gathers from the whole file. */
interface FileScan {
  /** File variables: global to the file, the last definition wins (REST Client). */
  vars: Map<string, FileVariable>;
  /** The `# @name`s, to tell a request variable (`{{login.response.body.token}}`) from a typo. */
  names: Set<string>;
  /** Unsupported constructs in parts without a request (httpYac's global part): they apply to all. */
  global: HttpFileUnsupported[];
  problems: HttpFileProblem[];
}

/**
 * Parses a `.http` / `.rest` file in the format REST Client, httpYac and JetBrains' HTTP Client
 * share: requests between `###` lines, `# @name`, file variables `@x = …` and `{{x}}`, headers, a
 * body. File variables are read from every line outside bodies and are global to the file, the last
 * definition winning (REST Client). Nothing in the file is evaluated or read: environment, shell,
 * `.env`, scripts, JavaScript and file bodies are listed in each request's `unsupported`; an undefined
 * variable, a malformed header or an unsupported method in its `problems` (and the file's). Reads at
 * most {@link MAX_HTTP_FILE_CHARS} characters and {@link MAX_HTTP_FILE_REQUESTS} requests; time is
 * linear in the file. Never throws. `sources`: the clock and randomness for `{{$timestamp}}`,
 * `{{$guid}}`, `{{$randomInt}}`.
 *
 * @example
 * parseHttpFile('@host = api.example.com\n\n###\n# @name items\nGET https://{{host}}/v1/items\n');
 * // { requests: [{ name: 'items', line: 5, method: 'GET', url: 'https://api.example.com/v1/items', … }], … }
 */
export function parseHttpFile(text: string, sources: SystemVariableSources = {}): HttpFile {
  if (text.length > MAX_HTTP_FILE_CHARS) {
    return {
      requests: [],
      problems: [{ line: 1, message: 'The file is larger than 5 MB; it was not read' }],
      unsupported: [],
    };
  }
  const lines = splitLines(text);
  const scan: FileScan = { vars: new Map(), names: new Set(), global: [], problems: [] };
  const raws: RawRequest[] = [];
  let from = 0;
  let title: string | undefined;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    if (line !== undefined && !line.startsWith('###')) continue;
    const raw = readBlock(lines, from, i, title, scan);
    if (raw && raws.length === MAX_HTTP_FILE_REQUESTS) {
      const message = `More than ${MAX_HTTP_FILE_REQUESTS} requests: this one and those after it were not read`;
      scan.problems.push({ line: raw.line, message });
      break;
    }
    if (raw) raws.push(raw);
    title = line === undefined ? undefined : separatorTitle(line);
    from = i + 1;
  }

  const budget: ExpansionBudget = { left: MAX_EXPANSION_PER_FILE };
  const requests = raws.map((raw) => buildRequest(raw, scan, budget, sources));
  const problems = new Listed<HttpFileProblem>((p) => `${p.line}\n${p.message}`, Infinity);
  const unsupported = new Listed<HttpFileUnsupported>((u) => `${u.line}\n${u.what}`, Infinity);
  for (const p of [...scan.problems, ...requests.flatMap((r) => r.problems ?? [])]) problems.add(p);
  for (const u of [...scan.global, ...requests.flatMap((r) => r.unsupported)]) unsupported.add(u);
  return { requests, problems: problems.items.sort(byLine), unsupported: unsupported.items.sort(byLine) };
}

const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;

/** The request between lines `from` and `to` (0-based, `to` excluded), or undefined when there is none. */
function readBlock(
  lines: string[],
  from: number,
  to: number,
  title: string | undefined,
  scan: FileScan,
): RawRequest | undefined {
  const unsupported: HttpFileUnsupported[] = [];
  const problems: HttpFileProblem[] = [];
  let name: string | undefined;
  let i = from;
  // Before the request line: blank lines, comments with their metadata, variables, scripts.
  for (; i < to; i++) {
    const line = lines[i] ?? '';
    const s = line.trim();
    if (s === '') continue;
    if (isComment(line)) {
      name = readName(line, i, unsupported) ?? name;
      continue;
    }
    const end = readAside(lines, i, to, scan, unsupported);
    if (end < 0) break;
    i = end;
  }
  // No request, or a response pasted below one (REST Client skips it too).
  if (i >= to || (lines[i] ?? '').trimStart().startsWith('HTTP/')) {
    scan.global.push(...unsupported);
    return undefined;
  }
  if (name !== undefined) scan.names.add(name);
  const line = i + 1;
  const { method, url: first } = splitRequestLine((lines[i] ?? '').trim(), line, problems);
  const url: Located[] = [{ text: first, line }];
  // REST Client's `?a=1` / `&b=2` lines, JetBrains' indented `/path` lines.
  for (i++; i < to; i++) {
    const l = lines[i] ?? '';
    const s = l.trim();
    const query = (s.startsWith('?') && !s.startsWith('??')) || s.startsWith('&');
    const path = s.startsWith('/') && !s.startsWith('//') && isBlank(l.charCodeAt(0));
    if (!query && !path) break;
    url.push({ text: s, line: i + 1 });
  }
  for (const part of [url[0], url[url.length - 1]]) if (part) part.text = withoutVersion(part.text);

  const headers: RawRequest['headers'] = [];
  for (; i < to; i++) {
    const l = lines[i] ?? '';
    const s = l.trim();
    if (s === '') {
      i++;
      break;
    }
    if (isComment(l)) continue;
    const end = readAside(lines, i, to, scan, unsupported);
    if (end >= 0) {
      i = end;
      continue;
    }
    const colon = s.indexOf(':');
    const header = colon < 0 ? '' : s.slice(0, colon).trim();
    if (!isHeaderName(header)) {
      problems.push({ line: i + 1, message: `Not a header (Name: value), dropped: ${clip(s, 60)}` });
      continue;
    }
    headers.push({ name: header, value: { text: s.slice(colon + 1).trim(), line: i + 1 } });
  }

  const body: Located[] = [];
  for (; i < to; i++) {
    const end = readNeverRun(lines, i, to, unsupported, true);
    if (end >= 0) i = end;
    else body.push({ text: lines[i] ?? '', line: i + 1 });
  }
  // Trailing blank lines, and comments before the next `###`, are not part of the body (REST Client).
  for (let last = body.at(-1); last && (last.text.trim() === '' || isComment(last.text)); last = body.at(-1)) {
    body.pop();
  }
  return { name: name ?? title, line, endLine: to, method, url, headers, body, unsupported, problems };
}

/** The name a `# @name x` / `# @name = x` comment gives; records metadata that would run or read something. */
function readName(line: string, i: number, unsupported: HttpFileUnsupported[]): string | undefined {
  const meta = readMetadata(line);
  if (!meta) return undefined;
  if (meta.key === 'name') {
    const name = meta.value.startsWith('=') ? meta.value.slice(1).trim() : meta.value;
    return name === '' ? undefined : name;
  }
  const why = Object.hasOwn(NEVER_RUN_METADATA, meta.key) ? NEVER_RUN_METADATA[meta.key] : undefined;
  if (why) unsupported.push({ line: i + 1, what: `${why}: ${clip(line.trim(), 80)}` });
  return undefined;
}

/**
 * Takes line `i` (above a request or among its headers) when it is a file variable, recorded in
 * `scan`, or something never run, recorded in `unsupported`: returns the last line taken, or -1 when
 * it is neither.
 */
function readAside(lines: string[], i: number, to: number, scan: FileScan, unsupported: HttpFileUnsupported[]): number {
  const s = (lines[i] ?? '').trim();
  // `@` starts neither a header name nor anything never run: this is a file variable.
  if (s.startsWith('@')) {
    define(s, i, scan);
    return i;
  }
  return readNeverRun(lines, i, to, unsupported, false);
}

/** Records the file variable `@name = value` on line index `i`, or a problem when the line is not one. */
function define(trimmed: string, i: number, scan: FileScan): void {
  const d = readVariableDefinition(trimmed);
  if (d) scan.vars.set(d.name, { value: d.value, line: i + 1 });
  else scan.problems.push({ line: i + 1, message: `Not a variable definition (@name = value): ${clip(trimmed, 60)}` });
}

/** The request with its variables substituted, and what the substitution found. */
function buildRequest(
  raw: RawRequest,
  scan: FileScan,
  budget: ExpansionBudget,
  sources: SystemVariableSources,
): HttpFileRequest {
  const problems = new Listed<HttpFileProblem>(
    (p) => `${p.line}\n${p.message}`,
    MAX_LISTED,
    (line) => ({
      line,
      message: `More than ${MAX_LISTED} problems in this request; the rest are not listed`,
    }),
  );
  const unsupported = new Listed<HttpFileUnsupported>(
    (u) => `${u.line}\n${u.what}`,
    MAX_LISTED,
    (line) => ({
      line,
      what: `more than ${MAX_LISTED} constructs this tool does not run; the rest are not listed`,
    }),
  );
  for (const u of [...scan.global, ...raw.unsupported]) unsupported.add(u);
  for (const p of raw.problems) problems.add(p);
  const report = {
    problem: (p: HttpFileProblem) => problems.add(p),
    unsupported: (u: HttpFileUnsupported) => unsupported.add(u),
  };
  const x = new Expander(scan.vars, scan.names, budget, report, sources);

  const url = raw.url.map((p) => x.expand(p.text, p.line)).join('');
  if (hasControl(url, false))
    problems.add({ line: raw.line, message: 'The URL holds a line break or a control character' });
  const headers: HttpFileRequest['headers'] = [];
  for (const h of raw.headers) {
    const value = x.expand(h.value.text, h.value.line);
    if (!hasControl(value, true)) headers.push({ name: h.name, value });
    else
      problems.add({ line: h.value.line, message: `The ${h.name} header holds a line break or a control character` });
  }
  const request: HttpFileRequest = {
    line: raw.line,
    endLine: raw.endLine,
    method: raw.method,
    url,
    headers,
    unsupported: [],
  };
  if (raw.name !== undefined) request.name = raw.name;
  if (raw.body.length > 0) request.body = raw.body.map((b) => x.expand(b.text, b.line)).join('\n');
  request.unsupported = unsupported.items.sort(byLine);
  request.problems = problems.items.sort(byLine);
  return request;
}
