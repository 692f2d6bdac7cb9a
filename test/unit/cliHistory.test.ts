import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PatchParser, type Patch, unquoteGitPath } from '../../src/core/scanner/history';
import { parseBaseline } from '../../src/core/scanner/baseline';
import { cli } from './cliHarness';
import { secrets } from './secretFixtures';

const S = secrets();
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' });
const commit = (msg: string, author = 'Ada Dev') =>
  git('-c', `user.name=${author}`, '-c', 'user.email=dev@example.test', 'commit', '-q', '-m', msg);
const shortHead = () => git('rev-parse', 'HEAD').trim().slice(0, 8);

interface JsonOut {
  findings: {
    path: string;
    line: number;
    ruleId: string;
    commit?: string;
    author?: string;
    commits?: string[];
    baselined?: boolean;
  }[];
  commits?: number;
}

/** Runs each test block in a fresh git repository as the current folder. */
function inRepo(name: string) {
  const state = { dir: '', cwd: '' };
  before(() => {
    state.cwd = process.cwd();
    state.dir = fs.mkdtempSync(path.join(os.tmpdir(), `payapi-${name}-`));
    process.chdir(state.dir);
    git('init', '-q', '-b', 'main');
  });
  after(() => {
    process.chdir(state.cwd);
    fs.rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}

describe('payapi scan --history', () => {
  inRepo('history');
  const shas: Record<string, string> = {};

  it('finds a secret that was committed and then deleted, with its commit; the working tree is clean', async () => {
    fs.writeFileSync('README.md', '# shop\n');
    git('add', '.');
    commit('init');
    fs.writeFileSync('pay.js', `// billing\nconst a = 1;\nconst stripe = require('stripe')('${S.stripeLive}');\n`);
    git('add', '.');
    commit('add billing', 'Grace Leak');
    shas.leak = shortHead();
    fs.writeFileSync('pay.js', '// billing\nconst a = 1;\nconst stripe = require("stripe")(process.env.STRIPE_KEY);\n');
    git('add', '.');
    commit('use env');
    const tree = await cli(['scan']);
    assert.equal(tree.code, 0, tree.stdout);
    const r = await cli(['scan', '--history', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut & { findings: { author?: string }[] };
    assert.equal(out.commits, 3);
    assert.equal(out.findings.length, 1);
    const f = out.findings[0];
    assert.equal(f?.ruleId, 'stripe-secret-key');
    assert.equal(f?.path, 'pay.js');
    assert.equal(f?.line, 3, 'the line in the commit that added it');
    assert.equal(f?.commit, shas.leak);
    assert.equal(f?.author, 'Grace Leak');
    assert.ok(!r.stdout.includes(S.stripeLive) && !r.stdout.includes('secretHash'));
    const text = await cli(['scan', '--history']);
    assert.match(
      text.stdout,
      new RegExp(`pay\\.js:3:\\d+: error stripe-secret-key: .*\\n    added in ${shas.leak} by Grace Leak`),
    );
  });

  it('reports a secret added in several commits once, with every commit, oldest first', async () => {
    fs.writeFileSync('a.env', `STRIPE=${S.stripeLive}\n`);
    git('add', '.');
    commit('again');
    const again = shortHead();
    const r = JSON.parse((await cli(['scan', '--history', '--format', 'json'])).stdout) as JsonOut;
    assert.equal(r.findings.length, 1);
    assert.deepEqual(r.findings[0]?.commits, [shas.leak, again]);
    assert.equal(r.findings[0]?.commit, shas.leak);
    shas.again = again;
  });

  it('--since REV scans only later commits; --branches adds other branches; bad input exits 2', async () => {
    const since = JSON.parse(
      (await cli(['scan', '--history', '--since', shas.leak ?? '', '--format', 'json'])).stdout,
    ) as JsonOut;
    assert.deepEqual(
      since.findings.map((f) => [f.path, f.commit]),
      [['a.env', shas.again]],
    );
    git('checkout', '-q', '-b', 'feature');
    fs.writeFileSync('feature.py', `plaid = "${S.plaid}"\n`);
    git('add', '.');
    commit('feature');
    git('checkout', '-q', 'main');
    const head = JSON.parse((await cli(['scan', '--history', '--format', 'json'])).stdout) as JsonOut;
    assert.ok(!head.findings.some((f) => f.path === 'feature.py'));
    const all = JSON.parse((await cli(['scan', '--history', '--branches', '--format', 'json'])).stdout) as JsonOut;
    assert.ok(all.findings.some((f) => f.path === 'feature.py' && f.ruleId === 'plaid-access-token'));
    const bad = await cli(['scan', '--history', '--since', 'no-such-rev']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since: no commit is named "no-such-rev"/);
    assert.equal((await cli(['scan', '--history', '--since', '--all'])).code, 2);
    assert.equal((await cli(['scan', '--since', 'HEAD'])).code, 2);
    assert.equal((await cli(['scan', '--history', '--staged'])).code, 2);
    assert.equal((await cli(['scan', '--history', 'src'])).code, 2);
  });

  it('finds a secret written by a merge itself (a conflict resolved by hand), attributed to the merge', async () => {
    git('checkout', '-q', '-b', 'left');
    fs.writeFileSync('conf.ini', '[stripe]\nkey = left\n');
    git('add', '.');
    commit('left');
    git('checkout', '-q', 'main');
    fs.writeFileSync('conf.ini', '[stripe]\nkey = right\n');
    git('add', '.');
    commit('right');
    try {
      git('merge', '-q', 'left');
    } catch {
      /* the conflict is the point */
    }
    fs.writeFileSync('conf.ini', `[stripe]\nkey = ${S.stripeRestricted}\n`);
    git('add', '.');
    commit('merge', 'Mia Merger');
    const merge = shortHead();
    const r = JSON.parse((await cli(['scan', '--history', '--format', 'json'])).stdout) as JsonOut & {
      findings: { author?: string }[];
    };
    const f = r.findings.find((x) => x.ruleId === 'stripe-restricted-key');
    assert.deepEqual([f?.path, f?.line, f?.commit, f?.author], ['conf.ini', 2, merge, 'Mia Merger']);
    assert.equal(
      r.commits,
      Number(git('rev-list', '--count', 'HEAD')),
      'every commit counted once, the merge included',
    );
    // A repository that asks for merges' diffs against a parent (log.diffMerges) changes nothing: the
    // merges' combined diffs are read on their own, every other commit's patch once.
    git('config', 'log.diffMerges', 'first-parent');
    const again = JSON.parse((await cli(['scan', '--history', '--format', 'json'])).stdout) as JsonOut;
    git('config', '--unset', 'log.diffMerges');
    assert.deepEqual(again.findings, r.findings);
    fs.rmSync('conf.ini');
    git('add', '.');
    commit('drop conf');
  });

  it('SARIF carries the commit and the partial fingerprint', async () => {
    const r = await cli(['scan', '--history', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { properties?: { commit?: string }; partialFingerprints: object }[] }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    assert.ok(results.length >= 1);
    for (const res of results) {
      assert.match(res.properties?.commit ?? '', /^[0-9a-f]{8}$/);
      assert.equal(Object.keys(res.partialFingerprints).length, 1);
    }
  });
});

describe('payapi scan --history outside the happy path', () => {
  const repo = inRepo('history-empty');
  it('an empty repository is clean; a folder outside git is an I/O error (exit 2)', async () => {
    const r = await cli(['scan', '--history']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No secrets found in 0 commits/);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-nogit-'));
    process.chdir(outside);
    const no = await cli(['scan', '--history']);
    process.chdir(repo.dir);
    fs.rmSync(outside, { recursive: true });
    assert.equal(no.code, 2);
    assert.match(no.stderr, /needs a git repository/);
  });
});

describe('payapi scan --history and a lone carriage return', () => {
  inRepo('history-cr');

  it('finds a secret added after a lone \\r on a line (git sees one line; readline split it and hid the rest)', async () => {
    // A file with old Mac line ends (or a crafted one): to git it is one line, all of it added.
    fs.writeFileSync('mac.js', `const a = 1;\rconst stripe = require('stripe')('${S.stripeLive}');\r`);
    git('add', '.');
    commit('mac line ends');
    const r = await cli(['scan', '--history', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(
      out.findings.map((f) => [f.path, f.ruleId]),
      [['mac.js', 'stripe-secret-key']],
    );
  });
});

describe('PatchParser reading bytes as git writes them', () => {
  const header = (sha: string) => `\x1e${sha}\x1fAda\x1f2026-01-02T03:04:05Z\n`;
  const diff = (file: string, added: string[]) =>
    `diff --git a/${file} b/${file}\n--- /dev/null\n+++ b/${file}\n@@ -0,0 +1,${added.length} @@\n` +
    added.map((l) => `+${l}\n`).join('');

  it('splits at \\n only, drops the \\r of \\r\\n, and joins lines and characters split across chunks', () => {
    const out = header('abc') + diff('a.txt', ['one\r', 'two\rstill two', 'caf\u00e9 \u{1F600}', '', 'last']);
    const bytes = Buffer.from(out, 'utf8');
    // Every split point, one byte at a time: a multi-byte character is cut in the middle too.
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 1000);
    for (let i = 0; i < bytes.length; i++) p.write(bytes.subarray(i, i + 1));
    p.end();
    assert.equal(p.commits, 1);
    assert.deepEqual(
      patches.map((x) => [x.path, x.lines, x.bytes.toString('utf8')]),
      [['a.txt', [1, 2, 3, 4, 5], 'one\ntwo\rstill two\ncaf\u00e9 \u{1F600}\n\nlast']],
    );
  });

  it('a chunk reused after write() does not change a line it began (the unfinished line is copied)', () => {
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 1000);
    const chunk = Buffer.from(header('abc') + diff('a.txt', ['secret line']).slice(0, -6), 'utf8');
    p.write(chunk);
    chunk.fill(0x78);
    p.write(Buffer.from(' line\n'));
    p.end();
    assert.equal(patches[0]?.bytes.toString(), 'secret line');
  });

  it("reads an octopus merge's long hunk header (20 parents, 7-digit lines): what the merge wrote is added", () => {
    const parents = 20;
    const ats = '@'.repeat(parents + 1);
    const header = `${ats} ${'-1234567,1234567 '.repeat(parents)}+1234567,1 ${ats} function context`;
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 1000);
    p.write(
      Buffer.from(
        `\x1eabc\x1fAda\x1fd\ndiff --cc f.txt\n+++ b/f.txt\n${header}\n${'+'.repeat(parents)}written by the merge\n`,
      ),
    );
    p.end();
    assert.deepEqual(
      patches.map((x) => [x.path, x.lines, x.bytes.toString()]),
      [['f.txt', [1234567], 'written by the merge']],
    );
  });

  it('a first added line over the cap is reported truncated (not dropped), and not kept whole in memory', () => {
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 10);
    p.write(Buffer.from(header('abc') + diff('big.txt', ['x'.repeat(200)])));
    const long = Buffer.alloc(1024 * 1024, 'y');
    p.write(Buffer.from(`diff --git a/huge b/huge\n+++ b/huge\n@@ -0,0 +1 @@\n+`));
    for (let k = 0; k < 8; k++) p.write(long);
    p.write(Buffer.from('\n'));
    p.end();
    assert.deepEqual(
      patches.map((x) => [x.path, x.lines, x.bytes.length, x.truncated]),
      [
        ['big.txt', [], 0, true],
        ['huge', [], 0, true],
      ],
    );
  });

  it('caps a patch at maxBytes and marks it truncated', () => {
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 10);
    p.write(Buffer.from(header('abc') + diff('a.txt', ['12345', '6789', 'more'])));
    p.end();
    assert.deepEqual(
      patches.map((x) => [x.bytes.toString(), x.lines, x.truncated]),
      [['12345\n6789', [1, 2], true]],
    );
  });

  it('a 20 MB added line in 64 KB chunks is joined once (linear time)', () => {
    const time = (n: number) => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const chunks = Math.floor(n / chunk.length);
      let got = 0;
      const p = new PatchParser((x) => (got = x.bytes.length), 64 * 1024 * 1024);
      const t0 = performance.now();
      p.write(Buffer.from(`${header('abc')}diff --git a/x b/x\n+++ b/x\n@@ -0,0 +1 @@\n+`));
      for (let k = 0; k < chunks; k++) p.write(chunk);
      p.write(Buffer.from('\n'));
      p.end();
      const ms = performance.now() - t0;
      assert.equal(got, chunks * chunk.length);
      return ms;
    };
    time(2e6);
    const small = Math.max(time(2e6), 1);
    const large = time(20e6);
    assert.ok(large / small < 30, `2 MB: ${small.toFixed(1)} ms, 20 MB: ${large.toFixed(1)} ms`);
  });
});

describe('PatchParser', () => {
  it('keeps the new line numbers of added lines across hunks, unquotes paths and skips deletions', () => {
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 1000);
    const lines = [
      '\x1eabcdef0123\x1fAda\x1f2026-01-02T03:04:05Z',
      '',
      'diff --git a/x.txt b/x.txt',
      '--- a/x.txt',
      '+++ b/x.txt',
      '@@ -1,0 +2,2 @@',
      '+two',
      '+three',
      '@@ -9 +10 @@',
      '-old',
      '+ten',
      'diff --git "a/caf\\303\\251 \\"q\\".txt" "b/caf\\303\\251 \\"q\\".txt"',
      '--- /dev/null',
      '+++ "b/caf\\303\\251 \\"q\\".txt"',
      '@@ -0,0 +1 @@',
      '+++ looks like a header but is an added line',
      'diff --git a/gone.txt b/gone.txt',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
    ];
    for (const l of lines) p.line(l);
    p.end();
    assert.deepEqual(
      patches.map((x) => [x.path, x.lines, x.bytes.toString('utf8')]),
      [
        ['x.txt', [2, 3, 10], 'two\nthree\nten'],
        ['café "q".txt', [1], '++ looks like a header but is an added line'],
      ],
    );
    assert.equal(patches[0]?.commit, 'abcdef0123');
    assert.equal(unquoteGitPath('plain'), 'plain');
  });

  it('reads a merge’s combined diff: only lines new against every parent are added', () => {
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 1000);
    const lines = [
      '\x1emmm\x1fMia\x1f2026-01-02T03:04:05Z',
      'diff --cc f.txt',
      'index 5742e7d,0c02ccc..1514674',
      '--- a/f.txt',
      '+++ b/f.txt',
      '@@@ -2,1 -2,1 +2,3 @@@',
      '- M',
      ' -X',
      ' +from-left',
      '++SECRET',
      '++new',
      '\\ No newline at end of file',
    ];
    for (const l of lines) p.line(l);
    p.end();
    assert.deepEqual(
      patches.map((x) => [x.path, x.lines, x.bytes.toString('utf8')]),
      [['f.txt', [3, 4], 'SECRET\nnew']],
    );
  });

  it('stops adding to a patch at the size cap and marks it truncated', () => {
    const patches: Patch[] = [];
    const p = new PatchParser((x) => patches.push(x), 10);
    for (const l of ['\x1ea\x1fb\x1fc', '+++ b/f', '@@ -0,0 +1,3 @@', '+12345', '+67890', '+abc']) p.line(l);
    p.end();
    assert.equal(patches[0]?.bytes.toString(), '12345');
    assert.equal(patches[0]?.truncated, true);
  });
});

describe('baseline', () => {
  inRepo('baseline');
  const fixture = `const a = 1;\nconst key = '${S.stripeLive}';\n`;

  it('payapi baseline accepts current findings without storing the secret; scan then passes', async () => {
    fs.mkdirSync('src');
    fs.writeFileSync('src/pay.js', fixture);
    git('add', '.');
    const w = await cli(['baseline']);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /\.payapi-baseline\.json: 1 accepted finding \(1 added, 0 kept, 0 no longer found\)/);
    const text = fs.readFileSync('.payapi-baseline.json', 'utf8');
    const b = parseBaseline(text);
    assert.deepEqual(
      b.entries.map((e) => [e.ruleId, e.path]),
      [['stripe-secret-key', 'src/pay.js']],
    );
    for (let i = 0; i + 8 <= S.stripeLive.length; i++)
      assert.ok(!text.includes(S.stripeLive.slice(i, i + 8)), 'no 8-character part of the secret');
    const r = await cli(['scan', '--format', 'json']);
    assert.equal(r.code, 0, r.stdout);
    const out = JSON.parse(r.stdout) as JsonOut & { baseline?: string };
    assert.equal(out.findings[0]?.baselined, true);
    assert.equal(out.baseline, '.payapi-baseline.json');
    const t = await cli(['scan']);
    assert.match(t.stdout, /src\/pay\.js:2:\d+: baselined stripe-secret-key/);
    assert.match(t.stdout, /No secrets found in \d+ files; 1 baselined in \.payapi-baseline\.json\./);
    const sarif = JSON.parse((await cli(['scan', '--format', 'sarif'])).stdout) as {
      runs: { results: { baselineState?: string; suppressions?: { kind: string }[] }[] }[];
    };
    assert.equal(sarif.runs[0]?.results[0]?.baselineState, 'unchanged');
    assert.equal(sarif.runs[0]?.results[0]?.suppressions?.[0]?.kind, 'external');
  });

  it('a moved line stays accepted; a new secret in the same file fails; --staged and --history honour it', async () => {
    fs.writeFileSync('src/pay.js', `// moved down\n\n\n${fixture}`);
    assert.equal((await cli(['scan'])).code, 0);
    git('add', '.');
    assert.equal((await cli(['scan', '--staged'])).code, 0);
    commit('pay');
    assert.equal((await cli(['scan', '--history'])).code, 0);
    fs.writeFileSync('src/pay.js', `${fixture}const other = '${S.stripeRestricted}';\n`);
    const r = await cli(['scan', '--format', 'json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(
      out.findings.map((f) => [f.ruleId, f.baselined ?? false]),
      [
        ['stripe-secret-key', true],
        ['stripe-restricted-key', false],
      ],
    );
    assert.equal((await cli(['scan', '--no-baseline'])).code, 1);
  });

  it('the same secret in another file is not accepted; rewriting reports added and dropped, keeping the salt', async () => {
    fs.writeFileSync('src/copy.js', fixture);
    assert.equal((await cli(['scan', 'src/copy.js'])).code, 1);
    const salt = parseBaseline(fs.readFileSync('.payapi-baseline.json', 'utf8')).salt;
    fs.rmSync('src/copy.js');
    fs.writeFileSync('src/pay.js', `const other = '${S.stripeRestricted}';\n`);
    const w = await cli(['baseline']);
    assert.match(w.stdout, /1 accepted finding \(1 added, 0 kept, 1 no longer found\)/);
    assert.equal(parseBaseline(fs.readFileSync('.payapi-baseline.json', 'utf8')).salt, salt);
  });

  it('a malformed baseline is an error naming the problem (exit 2), never an empty baseline', async () => {
    const cases: [string, RegExp][] = [
      ['{', /not valid JSON/],
      ['[]', /must hold a JSON object/],
      ['{"version":2,"salt":"00000000000000000000000000000000","entries":[]}', /version 2/],
      ['{"version":1,"salt":"short","entries":[]}', /salt/],
      ['{"version":1,"salt":"00000000000000000000000000000000","entries":[{"ruleId":"x"}]}', /entry 1 needs/],
    ];
    for (const [text, why] of cases) {
      fs.writeFileSync('bad.json', text);
      const r = await cli(['scan', '--baseline', 'bad.json']);
      assert.equal(r.code, 2, text);
      assert.match(r.stderr, why);
    }
    assert.equal((await cli(['scan', '--baseline', 'missing.json'])).code, 2);
    assert.equal((await cli(['scan', '--baseline', 'bad.json', '--no-baseline'])).code, 2);
    fs.rmSync('bad.json');
  });
});

describe('payapi scan --history on names git writes with a trailing tab', () => {
  inRepo('history-space');
  it('a file whose name holds a space is reported by its name (no tab), and its secret is read back', async () => {
    fs.writeFileSync('my config.js', `const stripe = require('stripe')('${S.stripeLive}');\n`);
    git('add', '.');
    commit('spaced');
    const r = await cli(['scan', '--history', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(
      out.findings.map((f) => f.path),
      ['my config.js'],
    );
  });
});
