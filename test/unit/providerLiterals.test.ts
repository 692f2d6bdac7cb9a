// Guard: provider knowledge stays in src/core/providers. Everywhere else in src, no code compares a
// provider id ('helcim' === x, case 'gr4vy':) and no string or template literal spells a display
// name; both are read from the registry. The files below still spell names in messages that move
// with later slices; their counts may only go down.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { PROVIDERS } from '../../src/core/providers/registry';

const PROVIDERS_DIR = 'src/core/providers/';

/**
 * Display-name literals not moved yet, per file: how many literals may still name a provider.
 * Gr4vy's JWT and key rules (core/jwt, core/keys, the JWT inspector page, the hover, the scanner's
 * jwt and private-key rules, `payapi jwt`/`gr4vy`) move with the JWT/Gr4vy split; the CLI help of
 * `payapi scan`/`test` and the "Is it live?" wording are the liveness slice's.
 */
const NOT_MOVED_YET: Record<string, number> = {
  'src/cli/gr4vyCommand.ts': 2,
  'src/cli/jwtCommand.ts': 6,
  'src/cli/scanCommand.ts': 1,
  'src/cli/scanVerify.ts': 2,
  'src/cli/testCommand.ts': 1,
  'src/core/http/request.ts': 1,
  'src/core/jwt/explain.ts': 10,
  'src/core/jwt/scopes.ts': 2,
  'src/core/jwt/sign.ts': 1,
  'src/core/keys/privateKey.ts': 11,
  'src/core/scanner/rules/jwt.ts': 1,
  'src/core/scanner/rules/privateKeys.ts': 1,
  'src/features/accounts/prompts.ts': 1,
  'src/features/jwtHover/registerJwtHover.ts': 1,
  'src/features/secretLint/leakResponse.ts': 2,
  'src/webview/elements.ts': 1,
  'src/webview/main.ts': 2,
  'src/webview/render.ts': 1,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.posix.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.[cm]?tsx?$/.test(name) ? [p] : [];
  });
}

type Finding = { where: string; text: string };

const ids = PROVIDERS.map((p) => p.id as string);
// A name at the start of a word: "Gr4vy", "Gr4vy-aware", "HelcimPay.js"; not "needsGr4vyInstance".
const names = new RegExp(`(?<![A-Za-z0-9])(?:${PROVIDERS.map((p) => p.displayName).join('|')})`);

const isText = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);
const isId = (n: ts.Expression): boolean => {
  let e = n;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return isText(e) && ids.includes(e.text);
};
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** Provider-id comparisons and display-name literals in one file's source text. */
function findProviderLiterals(file: string, text: string): { comparisons: Finding[]; names: Finding[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out = { comparisons: [] as Finding[], names: [] as Finding[] };
  const where = (n: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind) && (isId(n.left) || isId(n.right)))
      out.comparisons.push({ where: where(n), text: n.getText(sf) });
    if (ts.isCaseClause(n) && isId(n.expression)) out.comparisons.push({ where: where(n), text: n.getText(sf) });
    if (isText(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      if (names.test(n.text)) out.names.push({ where: where(n), text: n.text.slice(0, 80) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const files = sourceFiles('src').filter((f) => !f.startsWith(PROVIDERS_DIR));
const scanned = files.map((f) => findProviderLiterals(f, readFileSync(f, 'utf8')));

describe('provider literals outside src/core/providers', () => {
  it('finds what it guards against (planted in a sample)', () => {
    const planted = findProviderLiterals(
      'planted.ts',
      [
        `if (a.provider === 'helcim') x();`,
        `if ("gr4vy" !== b.provider) y();`,
        'const same = `gr4vy` == p;',
        `switch (p) { case 'helcim': break; }`,
        `const m = \`“\${label}” is not a Gr4vy account\`;`,
        `const t = "HelcimPay.js secretToken";`,
        // Not findings: a comment naming Helcim, an identifier, a property key, a lower-case host.
        `// Helcim\nconst signGr4vyToken = 1; const o = { helcim: 1 }; const u = 'https://api.helcim.com';`,
      ].join('\n'),
    );
    assert.deepEqual(
      planted.comparisons.map((c) => c.where),
      ['planted.ts:1', 'planted.ts:2', 'planted.ts:3', 'planted.ts:4'],
    );
    assert.deepEqual(
      planted.names.map((c) => c.where),
      ['planted.ts:5', 'planted.ts:6'],
    );
  });

  it('no code compares a provider id', () => {
    assert.ok(files.length > 50, 'the walk found the source files');
    assert.deepEqual(
      scanned.flatMap((s) => s.comparisons),
      [],
    );
  });

  it('no string or template literal spells a display name (except the counted files not moved yet)', () => {
    const byFile = new Map<string, Finding[]>();
    for (const f of scanned.flatMap((s) => s.names)) {
      const file = f.where.slice(0, f.where.lastIndexOf(':'));
      byFile.set(file, [...(byFile.get(file) ?? []), f]);
    }
    const over = [...byFile].flatMap(([file, found]) =>
      found.length > (NOT_MOVED_YET[file] ?? 0) ? [{ file, allowed: NOT_MOVED_YET[file] ?? 0, found }] : [],
    );
    assert.deepEqual(over, []);
  });
});
