import { DOCS, type Rule } from '../rule';
import { lastFourFix } from './lastFour';
import { LOG_ADVICE, LOGGED_ANCHOR, loggedCandidates } from './logged';

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
  // A payment secret's name, anywhere in the text: an edit near a log call re-runs the rule however far
  // above the line that set its argument is. Log-call words are not anchors: they are in most files.
  anchor: LOGGED_ANCHOR,
  anchorAnywhere: true,
  find: (text, from, to, _now, file) => loggedCandidates(text, from, to, file?.path),
  fix: (text, start, end, languageId, file) => lastFourFix(text, start, end, languageId, file?.path),
};
