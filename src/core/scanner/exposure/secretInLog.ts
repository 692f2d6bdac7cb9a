import { DOCS, type Rule } from '../rule';
import { lastFourFix } from './lastFour';
import { LOG_ADVICE, LOGGED_ANCHOR, loggedCandidates } from './logged';

/**
 * The rule's anchor: those words, and the words of log calls, so that an edit near a call re-runs the rule
 * however far the line that set its argument is (a partial re-scan looks for anchors near the edit only).
 */
const RULE_ANCHOR = new RegExp(
  LOGGED_ANCHOR.source +
    String.raw`|console\.|logg|print|puts|echo|error_log|var_dump|dump|warn|Log::|log\.|std(?:out|err)`,
  'i',
);

/** `secret-in-log`: a payment secret written to a log or stdout (see media/rules.md#secret-in-log). */
export const secretInLog: Rule = {
  id: 'secret-in-log',
  provider: 'Generic',
  title: 'Payment secret written to a log',
  severity: 'warning',
  message: `Writes a payment secret to the log: ${LOG_ADVICE}`,
  remediation:
    'Log whether the secret is set (`Boolean(x)`, `x is not None`, `isset($x)`) or its last four characters, ' +
    'never the value. If it already reached a log, rotate it.',
  docs: `${DOCS}#secret-in-log`,
  kind: 'exposure',
  anchor: RULE_ANCHOR,
  find: (text, from, to, _now, file) => loggedCandidates(text, from, to, file?.path),
  fix: (text, start, end, languageId) => lastFourFix(text, start, end, languageId),
};
