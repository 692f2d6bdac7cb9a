import { isAscii } from 'node:buffer';
import path, { type PlatformPath } from 'node:path';
import type { Severity } from '../../shared/protocol';
import { type FilePath, FileReader, pathText } from './files';
import { secretHash } from './fingerprint';
import type { FileContext } from './fileContext';
import { ProjectConfigs } from './exposure/projectConfig';
import type { Prefilter } from './prefilter';
import type { Rule } from './rule';
import { IGNORED_ENV_RULES, RULES } from './rules';
import { slashPath } from '../paths';
import { type KnownSecret, locate, needleOf, prefilterOf, scanChosen } from './scan';

/** A finding with its place in a file (1-based lines and columns), as the CLI and the editor report it. */
export interface LocatedFinding {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
  preview: string;
  /** {@link secretHash} of the secret under the scan's salt, when one was given (baseline, history). */
  secretHash?: string;
}

/** What scanning one file gave: its findings, or why it was skipped. */
export type FileResult =
  | { path: string; kind: 'scanned'; bytes: number; truncated: boolean; findings: LocatedFinding[] }
  | { path: string; kind: 'skipped'; why: string };

export interface ScanFilesOptions {
  /** Files over this many bytes are skipped or truncated (see `overCap`). */
  maxBytes: number;
  /** 'skip' (CLI: reported as skipped) or 'truncate' (editor: the first `maxBytes` are checked). */
  overCap: 'skip' | 'truncate';
  /** Paths in results are relative to this folder. */
  relativeTo: string;
  /** Values from the extension's secret storage, found anywhere. */
  knownSecrets?: readonly KnownSecret[];
  /** With a salt, each finding carries the salted hash of its secret (never the secret). */
  salt?: string;
}

/** Where a scanned file sits: what the rules that depend on it are told (see {@link FileContext}). */
export type FilePlace = Omit<FileContext, 'path'>;

/**
 * Scans the bytes of one text file. Most files hold no rule's anchor and no known secret: that is
 * told by one pass over the bytes (see {@link Prefilter}), and nothing else runs: no string is made.
 */
export function scanBytes(
  bytes: Buffer,
  rel: string,
  extras: ScanExtras = {},
  place: FilePlace = {},
): LocatedFinding[] {
  const file: FileContext = { ...place, path: contextPath(rel) };
  let text: string | undefined;
  // ASCII as latin1: the same string, and a long one is made quicker (outside V8's heap, one copy).
  const decode = () => (text ??= isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));
  const rules = rulesFor(file, (p) => p.rulesIn(bytes, decode));
  const known = file.ignored ? [] : knownIn(extras.knownSecrets ?? [], (n) => bytes.includes(n));
  if (rules.size === 0 && known.length === 0) return [];
  return scanDecoded(decode(), rel, file, rules, known, extras.salt);
}

/**
 * A path as rules read it: `/`-separated, without the `../` that leads out of the scan's folder.
 *
 * @example
 * contextPath('..\\web\\.env') // 'web/.env'
 */
export function contextPath(rel: string): string {
  return rel.replace(/\\/g, '/').replace(/^(?:\.\.\/)+/, '');
}

/** The rules that may find something in a file: by its anchors (`pass`), plus those its place calls for. */
function rulesFor(file: FileContext, pass: (p: Prefilter) => Set<Rule>): Set<Rule> {
  const candidates = file.ignored ? IGNORED_ENV_RULES : RULES;
  const rules = pass(prefilterOf(candidates));
  for (const r of candidates) if (r.runsOn?.(file)) rules.add(r);
  return rules;
}

/** Known secrets to find, and the salt that names each secret found. */
export type ScanExtras = Pick<ScanFilesOptions, 'knownSecrets' | 'salt'>;

/** The known secrets whose needle `has` finds. */
function knownIn(known: readonly KnownSecret[], has: (needle: string) => boolean): KnownSecret[] {
  return known.filter((k) => {
    const needle = needleOf(k.value);
    return needle !== undefined && has(needle);
  });
}

/** {@link scanBytes} for text already decoded (a diff's added lines). */
export function scanText(text: string, rel: string, { knownSecrets = [], salt }: ScanExtras = {}): LocatedFinding[] {
  const file: FileContext = { path: contextPath(rel) };
  const rules = rulesFor(file, (p) => p.rulesInText(text));
  const known = knownIn(knownSecrets, (n) => text.includes(n));
  if (rules.size === 0 && known.length === 0) return [];
  return scanDecoded(text, rel, file, rules, known, salt);
}

/** The rules and known secrets already chosen for `text` (its anchors were checked once, by the caller). */
function scanDecoded(
  text: string,
  rel: string,
  file: FileContext,
  rules: ReadonlySet<Rule>,
  known: readonly KnownSecret[],
  salt: string | undefined,
): LocatedFinding[] {
  const found = scanChosen(
    text,
    RULES.filter((r) => rules.has(r)),
    { knownSecrets: known, file },
  );
  if (found.length === 0) return [];
  const places = locate(
    text,
    found.flatMap((f) => [f.start, f.end]),
  );
  return found.map((f, i) => {
    const a = places[2 * i] ?? { line: 1, column: 1 };
    const b = places[2 * i + 1] ?? a;
    const { ruleId, severity, message, preview } = f;
    const located: LocatedFinding = {
      path: rel,
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
      ruleId,
      severity,
      message,
      preview,
    };
    if (salt !== undefined) located.secretHash = secretHash(salt, ruleId, text.slice(f.start, f.end));
    return located;
  });
}

/**
 * Reads and scans files one at a time, with one read buffer and one cache of project settings for
 * all of them: the one engine behind `payapi scan`, its worker threads and the editor's workspace scan.
 */
export class FileScanner {
  private readonly reader = new FileReader();
  private readonly projects = new ProjectConfigs();

  constructor(
    private readonly opts: ScanFilesOptions,
    private readonly where: { ignored?: boolean } = {},
  ) {}

  scan(file: FilePath): FileResult {
    const opts = this.opts;
    const text = pathText(file);
    const rel = resultPath(opts.relativeTo, text);
    const r = this.reader.read(file, opts.maxBytes, opts.overCap);
    if (r.kind === 'skipped') {
      const why =
        r.why === 'too large'
          ? `larger than ${opts.maxBytes} bytes`
          : r.why === 'unreadable'
            ? `unreadable (${r.detail ?? 'error'})`
            : r.why;
      return { path: rel, kind: 'skipped', why };
    }
    const place: FilePlace = { publicPrefixes: this.projects.publicPrefixesFor(text) };
    if (this.where.ignored) place.ignored = true;
    const findings = scanBytes(r.bytes, rel, opts, place);
    return { path: rel, kind: 'scanned', bytes: r.bytes.length, truncated: r.truncated, findings };
  }
}

/** {@link FileScanner} over a list: a result per file, in order. */
export function* scanFiles(
  files: Iterable<FilePath>,
  opts: ScanFilesOptions,
  where: { ignored?: boolean } = {},
): Generator<FileResult> {
  const scanner = new FileScanner(opts, where);
  for (const file of files) yield scanner.scan(file);
}

/**
 * A scanned file's path in results, reports, baselines and SARIF: relative to `relativeTo` and
 * `/`-separated on every system, as git prints paths (so Windows and Linux report a finding alike);
 * the path itself when it has no relative form (on Windows, another drive) or is `relativeTo`.
 * `p` is for tests.
 *
 * @example
 * resultPath('C:\\w', 'c:\\W\\src\\a.ts', path.win32) // 'src/a.ts'
 */
export function resultPath(relativeTo: string, file: string, p: PlatformPath = path): string {
  // The common case, a file the listing found below the folder, without path.relative's resolving
  // both paths for each file: what follows the folder, when both are plain (no `.`, `..` or `//`).
  if (p.sep === '/' && plainAbsolute(relativeTo) && file.startsWith(relativeTo)) {
    const rest = relativeTo.endsWith('/') ? file.slice(relativeTo.length) : file.slice(relativeTo.length + 1);
    if ((relativeTo.endsWith('/') || file[relativeTo.length] === '/') && rest !== '' && !UNPLAIN.test(rest))
      return rest;
  }
  return slashPath(p.relative(relativeTo, file) || file, p);
}

/** A part of a path that path.relative would rewrite: a `.` or `..` segment, an empty one, or a trailing `/`. */
const UNPLAIN = /(?:^|\/)\.{0,2}(?:\/|$)/;
let lastPlain: { path: string; plain: boolean } | undefined;
/** Whether a POSIX path is absolute and already normal (so it is its own resolved form). */
function plainAbsolute(dir: string): boolean {
  if (lastPlain?.path !== dir)
    lastPlain = { path: dir, plain: dir.startsWith('/') && (dir === '/' || !UNPLAIN.test(dir.slice(1))) };
  return lastPlain.plain;
}
