import type { LiveResult } from '../core/providers/liveness';
import { toSarif } from '../core/scanner/sarif';
import { escapeOutput, escapeText } from '../core/text/escape';
import type { ScanFinding, ScanSummary } from './scanSources';

/** A finding with the baseline's verdict and, after --verify, whether the secret is live. */
export type ReportedFinding = ScanFinding & { baselined?: boolean; live?: LiveResult };

export interface Report {
  format: 'text' | 'json' | 'sarif';
  summary: ScanSummary;
  findings: ReportedFinding[];
  /** The baseline applied (its path as given), if any. */
  baselineFile?: string;
}

const sizeOf = (chars: number) => (chars < 1e6 ? `${Math.ceil(chars / 1e3)} KB` : `${(chars / 1e6).toFixed(1)} MB`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A finding without its secret hash: output carries place, rule and masked preview only. */
function forOutput(f: ReportedFinding): Omit<ReportedFinding, 'secretHash'> {
  const { secretHash: _hash, ...rest } = f;
  return rest;
}

/** A finding's lines of text: every field from outside (path, author, messages) escaped, so none forges a line. */
function textLine(f: ReportedFinding): string {
  const e = escapeText;
  const level = f.baselined ? 'baselined' : f.severity;
  let line = `${e(f.path)}:${f.line}:${f.column}: ${level} ${e(f.ruleId)}: ${e(f.message)} (${e(f.preview)})`;
  if (f.commit) {
    const more = (f.commits?.length ?? 1) - 1;
    const others = (f.commits ?? []).slice(1, 6).map(e).join(', ');
    const also = more > 0 ? `; also in ${others}${more > 5 ? ` and ${more - 5} more` : ''}` : '';
    line += `\n    added in ${e(f.commit)} by ${e(f.author ?? '?')} on ${e((f.date ?? '').slice(0, 10))}${also}`;
  }
  if (f.live) line += `\n    ${e(f.live.message)}`;
  return line;
}

/**
 * JSON for output: JSON.stringify escapes C0 controls but leaves DEL, C1 controls and the bidi and
 * line separator characters raw; they become `\uXXXX` escapes, which mean the same in JSON.
 */
function jsonText(doc: unknown): string {
  return `${escapeOutput(JSON.stringify(doc, null, 2))}\n`;
}

/** The last line of the text report: what was found, in how much. */
export function summaryLine(r: Report): string {
  const active = r.findings.filter((f) => !f.baselined);
  const errors = active.filter((f) => f.severity !== 'info').length;
  const baselined = r.findings.length - active.length;
  const found =
    active.length === 0 ? 'No secrets found' : `${plural(active.length, 'finding')} (${errors} error or warning)`;
  const s = r.summary;
  const where =
    s.commits !== undefined
      ? `${plural(s.commits, 'commit')} (${sizeOf(s.bytes)} of added lines)`
      : plural(s.scanned, 'file');
  const skipped = s.skipped.length ? `; skipped ${s.skipped.length} (${skipReasons(s.skipped)})` : '';
  const accepted = baselined ? `; ${baselined} baselined in ${escapeText(r.baselineFile ?? 'the baseline')}` : '';
  return `${found} in ${where}${skipped}${accepted}.`;
}

/** "2 binary, 1 not a regular file": how many files were skipped for each reason, most first. */
function skipReasons(skipped: readonly { why: string }[]): string {
  const counts = new Map<string, number>();
  for (const { why } of skipped) {
    const kind = why.startsWith('larger than') ? 'too large' : why.startsWith('unreadable') ? 'unreadable' : why;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([why, n]) => `${n} ${escapeText(why)}`)
    .join(', ');
}

/** The report in its format. */
export function renderReport(r: Report): string {
  if (r.format === 'sarif') return jsonText(toSarif(r.findings, { baselineFile: r.baselineFile }));
  if (r.format === 'json') {
    const s = r.summary;
    const doc: Record<string, unknown> = { findings: r.findings.map(forOutput) };
    if (s.commits !== undefined) doc.commits = s.commits;
    else Object.assign(doc, { scannedFiles: s.scanned, skipped: s.skipped });
    if (r.baselineFile !== undefined) doc.baseline = r.baselineFile;
    return jsonText(doc);
  }
  const lines = r.findings.map(textLine);
  return `${[...lines, summaryLine(r)].join('\n')}\n`;
}

/** Whether the run fails: an error or warning that is not baselined, or any secret found live. */
export function failsRun(findings: readonly ReportedFinding[]): boolean {
  return findings.some((f) => f.live?.verdict === 'live' || (!f.baselined && f.severity !== 'info'));
}
