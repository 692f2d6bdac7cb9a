import { createHash } from 'node:crypto';
import path, { type PlatformPath } from 'node:path';
import { TOOL_VERSION } from '../version';
import type { LocatedFinding } from './engine';
import type { Rule } from './rule';
import { RULES } from './rules';
import type { Severity } from '../../shared/protocol';
import { pathToUriReference } from '../text/escape';
import { slashPath } from '../paths';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const KNOWN_SECRET_RULE = {
  id: 'known-secret',
  title: 'Secret stored in Payment API Toolkit',
  message: "A value kept in the extension's secret storage appears in a file",
  remediation: 'Remove it and load it from the environment; rotate it if it was committed.',
  docs: '',
  severity: 'error' as Severity,
};

/** What a finding may carry besides its place: its history, the baseline's verdict, a liveness check. */
export interface SarifExtras {
  commit?: string;
  author?: string;
  date?: string;
  commits?: string[];
  baselined?: boolean;
  live?: { verdict: string; message: string };
}

/** SARIF properties and baseline fields for one result (none when the finding has no extras). */
function extrasOf(f: SarifExtras, baselineFile: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (baselineFile !== undefined) {
    out.baselineState = f.baselined ? 'unchanged' : 'new';
    if (f.baselined) out.suppressions = [{ kind: 'external', justification: `Accepted in ${baselineFile}` }];
  }
  const properties: Record<string, unknown> = {};
  if (f.commit) Object.assign(properties, { commit: f.commit, author: f.author, date: f.date, commits: f.commits });
  if (f.live) properties.live = { verdict: f.live.verdict, message: f.live.message };
  if (Object.keys(properties).length) out.properties = properties;
  return out;
}

/**
 * A finding's path (relative to the current folder) as a SARIF artifact location: a relative URI
 * that viewers resolve against the scan root, `/` between segments (a backslash is a separator only
 * on Windows; elsewhere it is part of a name), the rest percent-encoded (`#`, `?`, `%`, `:`, spaces,
 * control characters, non-ASCII). A path that is absolute (on Windows, a file on another drive than
 * the current folder has no relative path) becomes a `file:` URI instead. `p` is for tests.
 *
 * @example
 * artifactLocation('src\\my file.ts', path.win32) // { uri: 'src/my%20file.ts', uriBaseId: '%SRCROOT%' }
 * artifactLocation('D:\\keys\\a.pem', path.win32) // { uri: 'file:///D:/keys/a.pem' }
 */
export function artifactLocation(file: string, p: PlatformPath = path): { uri: string; uriBaseId?: string } {
  const slashed = slashPath(file, p);
  if (!p.isAbsolute(file)) return { uri: pathToUriReference(slashed), uriBaseId: '%SRCROOT%' };
  if (/^[A-Za-z]:\//.test(slashed))
    return { uri: `file:///${slashed.slice(0, 2)}${pathToUriReference(slashed.slice(2))}` };
  // `//server/share/…` (a UNC path) names its host; `/…` has none.
  return {
    uri: slashed.startsWith('//') ? `file:${pathToUriReference(slashed)}` : `file://${pathToUriReference(slashed)}`,
  };
}

/**
 * A SARIF 2.1.0 log for code-scanning uploads: every rule with its metadata, results with
 * locations relative to the scan root, and a fingerprint that holds no secret. With a baseline,
 * accepted results carry an external suppression (code scanning shows them as dismissed).
 */
export function toSarif(
  findings: readonly (LocatedFinding & SarifExtras)[],
  opts: { baselineFile?: string; /** For tests: `path.win32`. */ path?: PlatformPath } = {},
): object {
  const p = opts.path ?? path;
  const rules: readonly (typeof KNOWN_SECRET_RULE & Pick<Rule, 'kind'>)[] = [...RULES, KNOWN_SECRET_RULE];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'payapi',
            fullName: 'Payment API Toolkit secret scanner',
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: 'https://www.npmjs.com/package/payment-api-toolkit',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title
                .replace(/[^A-Za-z0-9]+/g, ' ')
                .trim()
                .replace(/ (.)/g, (_m, c: string) => c.toUpperCase())
                .replace(/^./, (c) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.message },
              help: { text: r.remediation, markdown: r.remediation },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                // Exposure rules judge code by names and markers: a finding is a likely leak, not a found secret.
                tags: ['security', 'secrets', 'payments', ...(r.kind === 'exposure' ? ['exposure'] : [])],
                precision: r.kind === 'exposure' ? 'medium' : 'high',
                'security-severity': r.severity === 'error' ? '9.0' : r.severity === 'warning' ? '6.0' : '3.0',
              },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? -1,
          level: LEVEL[f.severity],
          message: { text: `${f.message} (${f.preview})` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.path, p),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: {
            // The path `/`-separated: the same finding has the same fingerprint on every system.
            'payapiFinding/v1': createHash('sha256')
              .update(`${f.ruleId}\0${slashPath(f.path, p)}\0${f.preview}`)
              .digest('hex')
              .slice(0, 32),
          },
          ...extrasOf(f, opts.baselineFile),
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
