// Where a text comes from, for the rules that depend on it: git-ignored .env files are listed for
// the rules that read them (and only those run there), paths reach the rules, and exposure findings
// show a name rather than a masked value. Names and prefixes: exposureNames.test.ts; a project's own
// prefixes: exposureProjectConfig.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanBytes } from '../../src/core/scanner/engine';
import { isEnvFile } from '../../src/core/scanner/fileContext';
import { type FilePath, listFiles, pathText } from '../../src/core/scanner/files';
import { scanFilesParallel } from '../../src/core/scanner/pool';
import type { Rule } from '../../src/core/scanner/rule';
import { RULES } from '../../src/core/scanner/rules';
import { relevantRules, scan } from '../../src/core/scanner/scan';
import { writeTree, anchorRule } from './fixtures';
import { NO_ODD_NAMES } from './platform';
import { secrets } from './secretFixtures';

const S = secrets();

const tree = (files: Record<string, string | Buffer>) => writeTree(files, 'payapi-exposure-');
const rels = (dir: string, files: FilePath[]) =>
  files.map((f) => path.relative(dir, pathText(f)).split(path.sep).join('/')).sort();

describe('git-ignored .env files are listed apart, outside ignored folders', () => {
  const content = {
    '.gitignore': 'node_modules\n.env*\n!.env.example\nbuild/\n',
    '.env': 'A=1\n',
    '.env.local': 'A=1\n',
    '.env.example': 'A=\n',
    '.envrc': 'export A=1\n',
    'apps/web/.env.production.local': 'A=1\n',
    'node_modules/pkg/.env': 'A=1\n',
    'build/.env': 'A=1\n',
    'src/app.ts': 'x',
  };
  let repo = '';
  let plain = '';
  before(() => {
    repo = tree(content);
    plain = tree(content);
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.gitignore', 'src/app.ts', '.env.example');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'x');
  });
  after(() => {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(plain, { recursive: true, force: true });
  });

  for (const [how, opts] of [
    ['git', {}],
    ['the .gitignore walk', { git: 'never' as const }],
  ] as const) {
    it(`with ${how}`, () => {
      const dir = how === 'git' ? repo : plain;
      const r = listFiles(dir, opts);
      assert.deepEqual(rels(dir, r.ignoredEnv()), ['.env', '.env.local', 'apps/web/.env.production.local']);
      assert.ok(!rels(dir, r.files).includes('.env'), 'the ignored .env is not among the files every rule reads');
    });
  }

  it('a subfolder lists only its own', () => {
    const r = listFiles(path.join(repo, 'apps'));
    assert.deepEqual(rels(repo, r.ignoredEnv()), ['apps/web/.env.production.local']);
  });

  it('a folder whose name holds glob characters matches only itself', () => {
    const dir = tree({ '.gitignore': '.env\n', 'a[b]/.env': 'A=1\n', 'ab/.env': 'A=1\n' });
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      assert.deepEqual(rels(dir, listFiles(path.join(dir, 'a[b]')).ignoredEnv()), ['a[b]/.env']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder named with * matches only itself', { skip: NO_ODD_NAMES }, () => {
    const dir = tree({ '.gitignore': '.env\n', 'ab/.env': 'A=1\n', 'a*/.env': 'A=1\n' });
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      assert.deepEqual(rels(dir, listFiles(path.join(dir, 'a*')).ignoredEnv()), ['a*/.env']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with --no-ignore nothing is apart: every file is read by every rule', () => {
    const r = listFiles(repo, { noIgnore: true });
    assert.deepEqual(r.ignoredEnv(), []);
    assert.ok(rels(repo, r.files).includes('.env.local'));
  });

  it('names: .env, .env.<mode>, .env.<mode>.local; not examples or .envrc', () => {
    for (const n of ['.env', '.env.local', '.env.production', '.env.production.local', 'web/.env.staging'])
      assert.ok(isEnvFile(n), n);
    for (const n of ['.env.example', '.env.sample', '.env.template', '.envrc', 'env', 'x.env', '.env.dist'])
      assert.ok(!isEnvFile(n), n);
  });
});

describe('only the rules that read ignored .env files run on one, and no known secret', () => {
  const seen: string[] = [];
  const probe: Rule = {
    id: 'test-probe',
    provider: 'Test',
    title: 'probe',
    severity: 'warning',
    message: 'probe',
    remediation: '',
    docs: 'media/rules.md#test-probe',
    anchor: /NEXT_PUBLIC_/,
    kind: 'exposure',
    readsIgnoredEnv: true,
    *find(text, from, to, _now, file) {
      seen.push(file?.path ?? '(none)');
      const i = text.indexOf('NEXT_PUBLIC_', from);
      if (i >= 0 && i < to) yield { start: i, end: i + 12, secret: 'ignored', preview: 'NEXT_PUBLIC_\u001b[31mX' };
    },
  };
  const token = S.helcim;
  const text = `HELCIM_API_TOKEN="${token}"\nNEXT_PUBLIC_X=1\n${S.stripeLive}\n`;

  it('a tracked file: every rule; an ignored one: only the probe (no known secret, no secret rule)', () => {
    const rules = [...RULES, probe];
    const known = [{ value: token, description: 'a stored token' }];
    const tracked = scan(text, { rules, knownSecrets: known, file: { path: '.env' } });
    assert.ok(tracked.some((f) => f.ruleId === 'known-secret'));
    assert.ok(tracked.some((f) => f.ruleId === 'stripe-secret-key'));
    const ignored = scan(text, { rules, knownSecrets: known, file: { path: '.env', ignored: true } });
    assert.deepEqual(
      ignored.map((f) => f.ruleId),
      ['test-probe'],
    );
    assert.deepEqual(seen.slice(-1), ['.env']);
    // The preview is the text as it is, but on one line and without control characters.
    assert.equal(ignored[0]?.preview.includes('\u001b'), false);
  });

  it('scanBytes: an ignored file gets no finding from the secret rules', () => {
    const f = scanBytes(
      Buffer.from(text),
      'web/.env.local',
      { knownSecrets: [{ value: token, description: 'x' }] },
      {
        ignored: true,
      },
    );
    assert.ok(f.every((x) => !['known-secret', 'helcim-api-token', 'stripe-secret-key'].includes(x.ruleId)));
  });

  it('scanFilesParallel scans the ignored .env files apart, after the rest', async () => {
    const dir = tree({ '.gitignore': '.env.local\n', '.env.local': text, 'a.ts': `const k = '${S.stripeLive}';\n` });
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const listed = listFiles(dir);
      const out = await scanFilesParallel(
        listed.files,
        { maxBytes: 1e6, overCap: 'skip', relativeTo: dir },
        { jobs: 1, ignoredEnv: listed.ignoredEnv },
      );
      const byPath = Object.fromEntries(
        out.map((r) => [r.path, r.kind === 'scanned' ? r.findings.map((f) => f.ruleId) : []]),
      );
      assert.deepEqual(byPath['a.ts'], ['stripe-secret-key']);
      // Secret rules do not read the ignored file: whatever is found there is by the exposure rules only.
      assert.ok((byPath['.env.local'] ?? []).every((id) => RULES.find((r) => r.id === id)?.readsIgnoredEnv));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('quick fixes reach the editor through Rule.fix', () => {
  const fixOf = (id: string) => {
    const rule = RULES.find((r) => r.id === id);
    assert.ok(rule && 'fix' in rule, `${id} has a fix`);
    return (...args: Parameters<NonNullable<Rule['fix']>>) => rule.fix?.(...args);
  };

  it('public-env-secret renames a .env line, with the prefix the project configures', () => {
    const fix = fixOf('public-env-secret');
    const text = 'NEXT_PUBLIC_HELCIM_API_TOKEN=x\n';
    assert.equal(fix(text, 0, 28, 'dotenv')?.edit.text, 'HELCIM_API_TOKEN');
    const own = 'APP_HELCIM_API_TOKEN=x\n';
    assert.equal(fix(own, 0, 20, 'dotenv'), undefined, 'APP_ is public only where the project says so');
    assert.equal(fix(own, 0, 20, 'dotenv', { path: '.env', publicPrefixes: ['APP_'] })?.edit.text, 'HELCIM_API_TOKEN');
  });

  it('secret-in-log logs the last four characters, and only in a language with an honest expression', () => {
    const fix = fixOf('secret-in-log');
    const text = 'console.log(helcimApiToken);\n';
    const at = text.indexOf('helcimApiToken');
    assert.equal(fix(text, at, at + 14, 'typescript')?.edit.text, "'…' + String(helcimApiToken).slice(-4)");
    assert.equal(fix(text, at, at + 14, 'go'), undefined);
  });

  it("secret-in-log's fix finds the finding as the scan did, with the file's own path", () => {
    const fix = fixOf('secret-in-log');
    const code = `$token = getenv('HEL${''}CIM_API_TOKEN');\necho $token;\n`;
    const at = code.lastIndexOf('$token');
    // A PHP script's echo is a log: the fix is offered. A Blade view is a page by its name: its echo
    // prints into the page (browser-server-call's finding), so no last-four fix there.
    const text = `<?php\n${code}`;
    assert.ok(fix(text, at + 6, at + 12, 'php', { path: 'cli.php' }));
    assert.equal(fix(text, at + 6, at + 12, 'php', { path: 'resources/views/pay.blade.php' }), undefined);
  });

  it('rules without an honest fix have none', () => {
    for (const id of ['client-config-secret', 'browser-server-call', 'helcim-pay-secret-token-exposed'])
      assert.equal(
        RULES.some((r) => r.id === id && 'fix' in r),
        false,
        id,
      );
  });
});

describe('relevantRules sees every anchor, even one that begins with or inside another', () => {
  const rule = anchorRule;

  const short = rule('short', /helcim/i);
  const long = rule('long', /helcim-pay\/initialize/);
  const inner = rule('inner', /pay\/init/);
  const cased = rule('cased', /SecretToken/);

  it('finds the longer and the inner anchor where the shorter one matched first', () => {
    const found = relevantRules('fetch("https://api.helcim.com/v2/helcim-pay/initialize")', [
      short,
      long,
      inner,
      cased,
    ]);
    assert.deepEqual([...found].map((r) => r.id).sort(), ['inner', 'long', 'short']);
  });

  it("keeps each anchor's own case rule", () => {
    assert.equal(relevantRules('secrettoken HELCIM', [short, cased]).has(cased), false);
    assert.equal(relevantRules('x.SecretToken', [short, cased]).has(cased), true);
  });

  it('with the real rules: the HelcimPay.js secretToken rule runs on a file whose only anchor sits behind helcim', () => {
    const text = "await fetch('https://api.helcim.com/v2/helcim-pay/initialize', opts);\n";
    const ids = [...relevantRules(text)].map((r) => r.id);
    for (const r of RULES) if (r.anchor.test(text) && !r.anchor.global) assert.ok(ids.includes(r.id), r.id);
  });
});
