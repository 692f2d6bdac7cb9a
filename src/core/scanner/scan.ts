import { mask } from '../mask';
import { blankUnsafe } from '../text/escape';
import type { Severity } from '../../shared/protocol';
import type { FileContext } from './fileContext';
import { ANCHOR_REACH, type Rule } from './rule';
import { prefilterOf, subsetOf } from './ruleLists';
import { RULES } from './rules';

export { prefilterOf } from './ruleLists';

/** A secret found in a text. Never carries the secret itself: only where it is and a masked preview. */
export interface Finding {
  ruleId: string;
  provider: string;
  severity: Severity;
  message: string;
  /** Offsets of the secret in the text (UTF-16 code units). */
  start: number;
  end: number;
  /** `••••••••abcd`. */
  preview: string;
}

/** A secret this extension stores, to be found wherever it appears. */
export interface KnownSecret {
  value: string;
  /** For people: "your production Helcim token “Shop”". */
  description: string;
  /** The account it belongs to, for quick fixes. */
  accountId?: string;
}

export interface ScanOptions {
  /** Values from the extension's secret storage: found exactly, highest severity. */
  knownSecrets?: readonly KnownSecret[];
  /** The clock (ms since the epoch) that tells a valid JWT from an expired one; default: now. */
  now?: number;
  /** Rules to run (default: all). */
  rules?: readonly Rule[];
  /**
   * Whether `payapi-ignore`, `gitleaks:allow` and the like silence a finding (default true). False
   * where the text's author is not to be trusted with that: a webhook body's sender could otherwise
   * keep a secret unmasked in what the receiver shows.
   */
  honourDirectives?: boolean;
  /**
   * Where the text comes from (see {@link FileContext}). A git-ignored file is checked only by the
   * rules that read ignored `.env` files, and for no known secret: an ignored `.env` is where a
   * server's secrets belong.
   */
  file?: FileContext;
}

/** The longest preview an exposure finding shows (its range is a name or a short expression). */
const MAX_PREVIEW = 80;

/** The part of a known secret that is searched for: the whole value, or for a PEM key its longest body line. */
export function needleOf(value: string): string | undefined {
  if (value.includes('-----BEGIN')) {
    const lines = value.split(/\r?\n/).filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));
    return lines.sort((a, b) => b.length - a.length)[0];
  }
  return value.length >= 12 ? value : undefined;
}

const SAME_LINE = /payapi-ignore(?!-next-line)|gitleaks:allow|secretlint-disable-line/;
const NEXT_LINE = /payapi-ignore-next-line|secretlint-disable-next-line/;

/** How far from a secret an ignore directive is looked for: a minified line may be megabytes long. */
const DIRECTIVE_REACH = 4000;

/**
 * Whether an ignore directive covers the line holding `pos`. Every search stays within
 * {@link DIRECTIVE_REACH} of `pos`: looking for the line's ends through a long line for each finding
 * would take time that grows with the square of the line.
 */
function ignored(text: string, pos: number): boolean {
  const from = Math.max(0, pos - DIRECTIVE_REACH);
  const nlBefore = text.slice(from, pos).lastIndexOf('\n');
  const lineStart = nlBefore < 0 ? from : from + nlBefore + 1;
  const nlAfter = text.slice(pos, pos + DIRECTIVE_REACH).indexOf('\n');
  const lineEnd = nlAfter < 0 ? Math.min(text.length, pos + DIRECTIVE_REACH) : pos + nlAfter;
  if (SAME_LINE.test(text.slice(lineStart, lineEnd))) return true;
  // The line starts further back than the reach (or is the first): no previous line to read.
  if (lineStart === 0 || (nlBefore < 0 && from > 0)) return false;
  const prevFrom = Math.max(0, lineStart - 1 - DIRECTIVE_REACH);
  const nlPrev = text.slice(prevFrom, lineStart - 1).lastIndexOf('\n');
  return NEXT_LINE.test(text.slice(nlPrev < 0 ? prevFrom : prevFrom + nlPrev + 1, lineStart));
}

/**
 * Scans `text` for secrets. With `range`, only candidates starting inside it are reported (the
 * context around them is still read from the whole text), which is how edits are re-linted.
 * Findings are sorted by offset; where two overlap, the known secret or the more specific rule wins.
 *
 * @example
 * scan('const key = "sk_live_…"').map((f) => f.ruleId) // ['stripe-secret-key']
 */
export function scan(
  text: string,
  opts: ScanOptions = {},
  range: { from: number; to: number } = { from: 0, to: text.length },
): Finding[] {
  return scanIn(text, opts, range);
}

/** The rules a scan with `opts` runs: the list's, or for a git-ignored file those that read one. */
function rulesOf(opts: ScanOptions): readonly Rule[] {
  const all = opts.rules ?? RULES;
  return opts.file?.ignored ? subsetOf(all, 'ignored') : all;
}

/** {@link scan}, given (when the caller has it) the rules whose anchors are anywhere in the whole text. */
function scanIn(text: string, opts: ScanOptions, range: { from: number; to: number }, inWhole?: Set<Rule>): Finding[] {
  const file = opts.file;
  const rules = rulesOf(opts);
  // Anchors sit within a context window of what a rule finds: for a partial range, look only there.
  const whole = range.from === 0 && range.to >= text.length;
  const relevant =
    whole && inWhole
      ? inWhole
      : relevantRules(
          whole ? text : text.slice(Math.max(0, range.from - ANCHOR_REACH), range.to + ANCHOR_REACH),
          rules,
        );
  // A rule that connects distant lines runs on a window when its anchor is anywhere in the text.
  let far = inWhole;
  const anywhere = (rule: Rule) => (far ??= prefilterOf(subsetOf(rules, 'far')).rulesInText(text)).has(rule);
  const chosen = rules.filter(
    (rule) =>
      relevant.has(rule) ||
      (file !== undefined && rule.runsOn?.(file) === true) ||
      (!whole && rule.anchorAnywhere === true && anywhere(rule)),
  );
  return scanChosen(text, chosen, opts, range);
}

/**
 * {@link scan} with the rules to run already chosen (their anchors checked by the caller, most
 * specific first): the engine's way in, after its prefilter pass over a file's bytes.
 */
export function scanChosen(
  text: string,
  chosen: readonly Rule[],
  opts: ScanOptions = {},
  range: { from: number; to: number } = { from: 0, to: text.length },
): Finding[] {
  const out: (Finding & { priority: number })[] = [];
  const file = opts.file;
  const now = opts.now ?? Date.now();
  const honour = opts.honourDirectives !== false;
  for (const k of file?.ignored ? [] : (opts.knownSecrets ?? [])) {
    const needle = needleOf(k.value);
    if (!needle) continue;
    for (let i = text.indexOf(needle, range.from); i >= 0 && i < range.to; i = text.indexOf(needle, i + 1)) {
      if (honour && ignored(text, i)) continue;
      out.push({
        ruleId: 'known-secret',
        provider: 'Payment API Toolkit',
        severity: 'error',
        message: `This is ${k.description}, stored in VS Code's secret storage: it must not be in a file`,
        start: i,
        end: i + needle.length,
        preview: mask(k.value),
        priority: -1,
      });
    }
  }
  chosen.forEach((rule, priority) => {
    for (const c of rule.find(text, range.from, range.to, now, file)) {
      if (honour && ignored(text, c.start)) continue;
      out.push({
        ruleId: rule.id,
        provider: rule.provider,
        severity: c.severity ?? rule.severity,
        message: c.message ?? rule.message,
        start: c.start,
        end: c.end,
        preview: rule.kind === 'exposure' ? shown(c.preview ?? c.secret) : mask(c.secret),
        priority,
      });
    }
  });
  out.sort((a, b) => a.start - b.start || a.priority - b.priority);
  const kept: (Finding & { priority: number })[] = [];
  for (const f of out) {
    const last = kept.at(-1);
    if (last && f.start < last.end) {
      if (f.priority < last.priority) kept[kept.length - 1] = f;
      continue;
    }
    kept.push(f);
  }
  return kept.map(({ priority: _p, ...f }) => f);
}

/** An exposure finding's text as shown: one line, at most {@link MAX_PREVIEW} characters. */
function shown(s: string): string {
  const line = blankUnsafe(s.slice(0, 4 * MAX_PREVIEW)).replace(/\s+/g, ' ');
  return line.length > MAX_PREVIEW ? `${line.slice(0, MAX_PREVIEW - 1)}…` : line;
}

/**
 * The rules whose anchor occurs in `text`: one pass over it (see {@link Prefilter}), exact where one
 * anchor begins with or inside another (`helcim` and `helcim-pay/initialize`).
 */
export function relevantRules(text: string, rules: readonly Rule[] = RULES): Set<Rule> {
  return prefilterOf(rules).rulesInText(text);
}

/** How far around an edit is re-scanned: longer than any secret the rules find (PEM keys included). */
export const RESCAN_MARGIN = 14_000;

/** One edit of a document: `removed` characters at `offset` were replaced by `inserted` characters. */
export interface Edit {
  offset: number;
  removed: number;
  inserted: number;
}

/**
 * Re-lints after edits without scanning the whole text: findings away from the edits are shifted,
 * and only a margin around each edit is scanned again. Gives the same result as a full scan as long
 * as no secret is longer than {@link RESCAN_MARGIN}; where a rule that connects distant lines
 * ({@link Rule.anchorAnywhere}) may apply, it is a full scan.
 */
export function rescan(
  text: string,
  previous: readonly Finding[],
  edits: readonly Edit[],
  opts: ScanOptions = {},
): Finding[] {
  // A rule that connects lines any distance apart (a name set at the top of a file, logged or printed
  // at the bottom) cannot be re-run on a window: where one may apply, or found something before the
  // edit (which may have taken its anchor away), the whole text is scanned again.
  // One prefilter pass over the text tells which anchors are in it, for this choice and for every
  // scan below (a regex per anchor would be slower: some begin with a lookbehind).
  const rules = rulesOf(opts);
  const inWhole = relevantRules(text, rules);
  const far = subsetOf(rules, 'far');
  if (far.some((r) => inWhole.has(r) || previous.some((f) => f.ruleId === r.id)))
    return scanIn(text, opts, { from: 0, to: text.length }, inWhole);
  let findings = [...previous];
  for (const e of edits) {
    const delta = e.inserted - e.removed;
    const from = Math.max(0, e.offset - RESCAN_MARGIN);
    const oldTo = e.offset + e.removed + RESCAN_MARGIN;
    const newTo = Math.min(text.length, e.offset + e.inserted + RESCAN_MARGIN);
    // Findings that start before the margin cannot reach the edit (no secret is that long): kept.
    // Findings after the margin move with the edit. Everything starting in between is found again.
    const before = findings.filter((f) => f.start < from);
    const after = findings
      .filter((f) => f.start >= oldTo)
      .map((f) => ({ ...f, start: f.start + delta, end: f.end + delta }));
    findings = [
      ...before,
      ...scanIn(text, opts, { from, to: newTo }, inWhole),
      ...after.filter((f) => f.start >= newTo),
    ];
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** 1-based line and column of each offset, computed in one pass. */
export function locate(text: string, offsets: number[]): { line: number; column: number }[] {
  const order = offsets.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<{ line: number; column: number }>(offsets.length);
  let line = 1;
  let lineStart = 0;
  let pos = 0;
  for (const [offset, i] of order) {
    for (let nl = text.indexOf('\n', pos); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
      pos = nl + 1;
    }
    out[i] = { line, column: offset - lineStart + 1 };
  }
  return out;
}
