import type { Severity } from '../../shared/protocol';
import type { FileContext } from './fileContext';
import { isDocumentationExample, isPlaceholder } from './placeholder';

/** A candidate secret found by a rule: offsets into the text and what to say about it. */
export interface Candidate {
  start: number;
  end: number;
  secret: string;
  severity?: Severity;
  message?: string;
  /**
   * What the finding shows instead of the masked secret: only for exposure rules, whose range is a
   * name or an expression (never a value).
   */
  preview?: string;
}

export interface Rule {
  id: string;
  provider: string;
  title: string;
  /** Default severity; a finder may raise or lower it per match (live vs test keys). */
  severity: Severity;
  /** What the finding says; the finder may give a more specific one. */
  message: string;
  /** How to fix it, for SARIF help and the docs. */
  remediation: string;
  /** The provider's page where a leaked key is rolled, for the "rotate" quick fix. */
  rotateUrl?: string;
  /** `media/rules.md#<id>`: relative to the extension (or the repository). */
  docs: string;
  /**
   * Text that must occur in a file for the rule to find anything (a key prefix, or the provider's
   * name for context rules). One combined pass over these decides which rules run on a file.
   */
  anchor: RegExp;
  /**
   * The rule connects lines any distance apart (a secret's name set at the top of a file, logged at
   * the bottom), and its anchor may be anywhere in the text: a re-scan after an edit scans the whole
   * text when this anchor is in it. Otherwise an anchor is within {@link ANCHOR_REACH} of a finding.
   */
  anchorAnywhere?: boolean;
  /**
   * 'secret' (default): the finding is a secret's value. 'exposure': the finding is where a secret
   * reaches the browser or a log (a variable's name, a call): no value is in its range, so it is
   * shown as it is, and nothing about it can be live-checked, saved as an account or moved to .env.
   */
  kind?: 'secret' | 'exposure';
  /**
   * Runs on git-ignored `.env` files too (bundlers read them: the leak is to the browser, not to
   * git). Every other rule skips ignored files.
   */
  readsIgnoredEnv?: boolean;
  /**
   * The quick fix for a finding at [start, end), where an honest one exists (rename a public
   * variable to its server-only name; log only the last four characters); `languageId` is VS Code's,
   * `file` where the text comes from (a prefix the project configures).
   */
  fix?(text: string, start: number, end: number, languageId: string, file?: FileContext): TextFix | undefined;
  /** Whether the rule must run on this file whatever its anchors say (a prefix the project configures). */
  runsOn?(file: FileContext): boolean;
  /**
   * Finds candidates whose start lies in [from, to). Patterns are linear: no nested quantifiers.
   * `file` says where the text comes from, when that is known (editor, scans; not a webhook body).
   */
  find(text: string, from: number, to: number, now: number, file?: FileContext): Iterable<Candidate>;
}

/** One edit of a text that fixes a finding, and what it is called in the editor's quick-fix menu. */
export interface TextFix {
  title: string;
  edit: { start: number; end: number; text: string };
}

/** The rules' documentation, shipped in the package as media/rules.md (one section per rule id). */
export const RULES_DOC = 'media/rules.md';
export const DOCS = RULES_DOC;
export const CONTEXT_WINDOW = 2000;
/** How far from a candidate its rule's anchor can be (context words are within CONTEXT_WINDOW). */
export const ANCHOR_REACH = CONTEXT_WINDOW + 500;

/** Runs a global regex from `from`; yields matches that start before `to`. */
export function* matches(re: RegExp, text: string, from: number, to: number): Iterable<RegExpExecArray> {
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  r.lastIndex = from;
  for (let m = r.exec(text); m && m.index < to; m = r.exec(text)) {
    yield m;
    if (m[0].length === 0) r.lastIndex++;
  }
}

/** Whether `re` matches within `window` characters around [start, end). */
export function near(text: string, start: number, end: number, re: RegExp, window = CONTEXT_WINDOW): boolean {
  return re.test(text.slice(Math.max(0, start - window), end + window));
}

/** A rule that is one regular expression, with optional context and per-match severity. */
export interface PatternRule extends Pick<
  Rule,
  'id' | 'provider' | 'title' | 'severity' | 'message' | 'remediation' | 'anchor' | 'rotateUrl'
> {
  pattern: RegExp;
  /** Capture group holding the secret, or the first of several from it that matched (default: the whole match). */
  group?: number;
  /** Required nearby text (provider name, config key), for formats other services share. */
  context?: RegExp;
  /** Severity by match, e.g. live keys are errors and test keys warnings. */
  severityOf?: (m: RegExpExecArray) => Severity;
}

export function patternRule(p: PatternRule): Rule {
  return {
    id: p.id,
    provider: p.provider,
    title: p.title,
    severity: p.severity,
    message: p.message,
    remediation: p.remediation,
    ...(p.rotateUrl ? { rotateUrl: p.rotateUrl } : {}),
    docs: `${DOCS}#${p.id}`,
    anchor: p.anchor,
    *find(text, from, to) {
      for (const m of matches(p.pattern, text, from, to)) {
        // With several alternatives, the secret is the first group from `group` on that matched.
        const secret = p.group ? (m.slice(p.group).find((g) => g !== undefined) ?? '') : m[0];
        const start = p.group ? m.index + m[0].indexOf(secret) : m.index;
        const end = start + secret.length;
        if (isPlaceholder(secret) || isDocumentationExample(secret)) continue;
        if (p.context && !near(text, start, end, p.context)) continue;
        yield { start, end, secret, severity: p.severityOf ? p.severityOf(m) : p.severity };
      }
    },
  };
}

export const liveOrTest = (m: RegExpExecArray): Severity => (/live|production/.test(m[0]) ? 'error' : 'warning');
export const ROTATE =
  "Remove it from the source, load it from the environment or a secret manager, and rotate it in the provider's " +
  'dashboard: it may already be in your history.';

/** The line holding `pos`, at most `reach` characters either side (minified lines are long). */
export function lineAt(text: string, pos: number, reach = 2000): string {
  const floor = Math.max(0, pos - reach);
  const head = text.slice(floor, pos);
  const tail = text.slice(pos, pos + reach);
  const nl = tail.indexOf('\n');
  return head.slice(head.lastIndexOf('\n') + 1) + (nl < 0 ? tail : tail.slice(0, nl));
}
