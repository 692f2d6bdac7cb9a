// Guard: provider knowledge stays in src/core/providers. Everywhere else in src, no code compares a
// provider id ('helcim' === x, case 'gr4vy':) and no string or template literal spells a display
// name; both are read from the registry.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { PROVIDERS } from '../../src/core/providers/registry';

const PROVIDERS_DIR = 'src/core/providers/';

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

  it('no string or template literal spells a display name', () => {
    assert.deepEqual(
      scanned.flatMap((s) => s.names),
      [],
    );
  });
});
