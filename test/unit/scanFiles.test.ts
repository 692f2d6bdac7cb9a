// The one file walk and reader behind `payapi scan` and the editor's workspace scan.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanBytes, scanFiles, scanText } from '../../src/core/scanner/engine';
import { type FilePath, FileReader, gitignoreRelativeTo, listFiles, pathText } from '../../src/core/scanner/files';
import { type WorkerMessage, runScanWorker, scanFilesParallel } from '../../src/core/scanner/pool';
import { writeTree } from './fixtures';
import { secrets } from './secretFixtures';

const S = secrets();
const WORKER = path.resolve(__dirname, '..', '..', 'dist', 'scanWorker.js');

const tree = (files: Record<string, string | Buffer>) => writeTree(files, 'payapi-files-');
const rels = (dir: string, files: FilePath[]) =>
  files.map((f) => path.relative(dir, pathText(f)).split(path.sep).join('/')).sort();

describe('listFiles', () => {
  let plain = '';
  let repo = '';
  before(() => {
    const content = {
      'src/a.ts': 'a',
      'src/gen/out.js': 'b',
      'logs/x.log': 'c',
      '.env': 'd',
      'sub/.gitignore': 'local.txt\n/anchored.txt\n',
      'sub/local.txt': 'e',
      'sub/deep/local.txt': 'f',
      'sub/anchored.txt': 'g',
      'sub/deep/anchored.txt': 'h',
      '.gitignore': '*.log\n.env\n',
    };
    plain = tree(content);
    repo = tree(content);
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('add', 'src/a.ts', '.gitignore');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'x');
  });
  after(() => {
    fs.rmSync(plain, { recursive: true, force: true });
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('in git: tracked and untracked files that git does not ignore (one ls-files call)', () => {
    const r = listFiles(repo);
    assert.equal(r.source, 'git');
    assert.deepEqual(rels(repo, r.files), [
      '.gitignore',
      'src/a.ts',
      'src/gen/out.js',
      'sub/.gitignore',
      'sub/deep/anchored.txt',
    ]);
    assert.ok(!rels(repo, r.files).includes('.env'));
    assert.ok(!rels(repo, r.files).includes('sub/local.txt'));
    assert.ok(!rels(repo, r.files).includes('sub/anchored.txt'));
  });

  it('outside git: the same answer from the .gitignore files, nested ones applied from their folder', () => {
    const r = listFiles(plain);
    assert.equal(r.source, 'gitignore');
    assert.deepEqual(rels(plain, r.files), rels(repo, listFiles(repo).files));
  });

  it('--no-ignore lists everything but .git; exclusions (files.exclude) apply either way', () => {
    assert.equal(listFiles(repo, { noIgnore: true }).files.length, 10);
    assert.deepEqual(rels(plain, listFiles(plain, { exclude: ['**/gen', 'sub'] }).files), ['.gitignore', 'src/a.ts']);
    assert.deepEqual(rels(repo, listFiles(repo, { exclude: ['**/gen'] }).files).includes('src/gen/out.js'), false);
  });

  it('nested .gitignore patterns are rewritten to apply from the root, as git applies them', () => {
    assert.deepEqual(gitignoreRelativeTo('a.txt\n/b.txt\n!c.txt\nd/e\n# c\n', 'sub'), [
      'sub/**/a.txt',
      'sub/b.txt',
      '!sub/**/c.txt',
      'sub/d/e',
    ]);
  });

  it('a path that does not exist is an I/O error', () => {
    assert.throws(() => listFiles(path.join(plain, 'nope')), /no such file or folder/);
  });
});

describe('FileReader', () => {
  it('reads text, refuses binary, skips or truncates what is over the cap', () => {
    const dir = tree({ 't.txt': 'hello', 'b.bin': Buffer.from([1, 0, 2]), 'big.txt': 'x'.repeat(100) });
    const r = new FileReader();
    const t = r.read(path.join(dir, 't.txt'), 50, 'skip');
    assert.equal(t.kind === 'text' && t.bytes.toString(), 'hello');
    assert.deepEqual(r.read(path.join(dir, 'b.bin'), 50, 'skip'), { kind: 'skipped', why: 'binary' });
    assert.deepEqual(r.read(path.join(dir, 'big.txt'), 50, 'skip'), { kind: 'skipped', why: 'too large' });
    const cut = r.read(path.join(dir, 'big.txt'), 50, 'truncate');
    assert.ok(cut.kind === 'text' && cut.truncated && cut.bytes.length === 50);
    assert.equal(r.read(path.join(dir, 'gone.txt'), 50, 'skip').kind, 'skipped');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the engine on worker threads', () => {
  it(
    'gives the same results, in the same order, on 1 thread and on 2 workers',
    { skip: !fs.existsSync(WORKER) },
    async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 900; i++)
        files[`f/${i}.js`] = i % 97 === 0 ? `const k = '${S.stripeLive}';\n` : `export const v${i} = ${i};\n`;
      const dir = tree(files);
      const list = listFiles(dir, { noIgnore: true }).files;
      const opts = { maxBytes: 1e6, overCap: 'skip' as const, relativeTo: dir };
      const one = [...scanFiles(list, opts)];
      let batches = 0;
      const two = await scanFilesParallel(list, opts, { jobs: 2, workerScript: WORKER, onResults: () => batches++ });
      assert.deepEqual(two, one);
      assert.ok(batches >= 2);
      assert.equal(one.filter((r) => r.kind === 'scanned' && r.findings.length).length, 10);
      // This thread and two workers claim files from one counter: each file is scanned once, results in order.
      const three = await scanFilesParallel(list, opts, { jobs: 3, workerScript: WORKER });
      assert.deepEqual(three, one);
      // The list made while the workers load (the CLI): the same results.
      let listed = 0;
      const later = await scanFilesParallel(
        () => {
          listed++;
          return list;
        },
        opts,
        { jobs: 2, workerScript: WORKER },
      );
      assert.equal(listed, 1);
      assert.deepEqual(later, one);
      // A short list: the workers started for it are stopped, and this thread scans it all.
      const few = list.slice(0, 50);
      const short = await scanFilesParallel(() => few, opts, { jobs: 4, workerScript: WORKER });
      assert.deepEqual(short, [...scanFiles(few, opts)]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );

  it(
    'the ignored .env files are listed after the list is made and posted to the workers; a failure there fails the scan, no hang',
    { skip: !fs.existsSync(WORKER) },
    async () => {
      const dir = tree(
        Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f/${i}.js`, `export const v = ${i};\n`])),
      );
      try {
        const list = listFiles(dir, { noIgnore: true }).files;
        const opts = { maxBytes: 1e6, overCap: 'skip' as const, relativeTo: dir };
        const order: string[] = [];
        const t0 = performance.now();
        await assert.rejects(
          scanFilesParallel(
            () => {
              order.push('list');
              return list;
            },
            opts,
            {
              jobs: 2,
              workerScript: WORKER,
              ignoredEnv: () => {
                order.push('env');
                throw new Error('git kept waiting');
              },
            },
          ),
          /git kept waiting/,
        );
        assert.deepEqual(order, ['list', 'env']);
        assert.ok(performance.now() - t0 < 20_000);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('a worker that fails fails the scan (never a clean result), and the other workers are stopped', async () => {
    const dir = tree(
      Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f/${i}.js`, `export const v = ${i};\n`])),
    );
    const broken = path.join(dir, 'broken-worker.js');
    fs.writeFileSync(
      broken,
      "const { workerData } = require('node:worker_threads');\nif (workerData) throw new Error('boom');\n",
    );
    const list = listFiles(path.join(dir, 'f'), { noIgnore: true }).files;
    const opts = { maxBytes: 1e6, overCap: 'skip' as const, relativeTo: dir };
    const t0 = performance.now();
    await assert.rejects(scanFilesParallel(list, opts, { jobs: 4, workerScript: broken }), /boom/);
    await assert.rejects(
      scanFilesParallel(() => list, opts, { jobs: 4, workerScript: broken }),
      /boom/,
    );
    assert.ok(performance.now() - t0 < 20_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "the editor's worker lists and scans: every file once, the ignored .env by the rules that read it, no hang on a FIFO",
    { skip: !fs.existsSync(WORKER) },
    async () => {
      const files: Record<string, string> = {
        '.gitignore': '.env.local\n',
        // A git-ignored .env is read only by the rules for public names (bundlers inline those).
        '.env.local': `NEXT_PUBLIC_STRIPE_SECRET_KEY=${S.stripeLive}\n`,
      };
      for (let i = 0; i < 700; i++)
        files[`src/${i % 7}/${i}.ts`] =
          i % 101 === 0 ? `const k = '${S.stripeLive}';\n` : `export const v${i} = ${i};\n`;
      const dir = tree(files);
      const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
      git('init', '-q');
      // A FIFO and a link out of the folder: skipped by whichever worker claims them, nothing waits.
      if (process.platform !== 'win32') {
        execFileSync('mkfifo', [path.join(dir, 'src', 'pipe')]);
        fs.symlinkSync('/etc/hostname', path.join(dir, 'src', 'link'));
      }
      const opts = { maxBytes: 1e6, overCap: 'truncate' as const, relativeTo: dir };
      const expected = [
        ...scanFiles(listFiles(dir).files, opts),
        ...scanFiles(listFiles(dir).ignoredEnv(), opts, { ignored: true }),
      ];
      const messages: WorkerMessage[] = [];
      await runScanWorker(WORKER, { list: { root: dir, options: {} }, opts, findingsOnly: true }, (m) =>
        messages.push(m),
      );
      const listed = messages.filter((m) => m.type === 'listed');
      assert.equal(listed.length, 1);
      assert.deepEqual(Object.keys(listed[0] ?? {}).sort(), ['source', 'total', 'type'], 'a count, never the list');
      assert.equal(messages.filter((m) => m.type === 'done').length, 1);
      assert.equal(messages.at(-1)?.type, 'done');
      let scanned = 0;
      let skipped = 0;
      for (const m of messages) {
        if (m.type !== 'counts') continue;
        scanned += m.scanned;
        skipped += m.skipped;
      }
      assert.equal(scanned, expected.filter((r) => r.kind === 'scanned').length);
      assert.equal(skipped, expected.filter((r) => r.kind === 'skipped').length);
      const found = (rs: readonly { path: string; kind: string; findings?: { ruleId: string }[] }[]) =>
        rs.flatMap((r) => (r.kind === 'scanned' ? (r.findings ?? []).map((f) => `${r.path} ${f.ruleId}`) : [])).sort();
      const got = messages.flatMap((m) => (m.type === 'results' ? m.results : []));
      assert.deepEqual(found(got), found(expected));
      assert.ok(found(got).includes('.env.local public-env-secret'));
      assert.equal(found(got).filter((f) => f.endsWith('stripe-secret-key')).length, 7);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});

describe('scanBytes decodes as the text path does', () => {
  it('ASCII, non-ASCII before a secret, invalid UTF-8 and a large file: the same findings and places as the string', () => {
    const s = secrets();
    const body = `const stripe = require('stripe')('${s.stripeLive}');\nconsole.log(process.env.STRIPE_SECRET_KEY);\n`;
    const filler = '// '.concat('x'.repeat(70), '\n').repeat(20_000);
    const texts = [body, `// café ☕ 𝄞\n${body}`, `${filler}${body}`, `${filler}// é\n${body}`];
    const bytes = texts.map((t) => Buffer.from(t));
    bytes.push(Buffer.concat([Buffer.from([0xff, 0xfe, 0x41, 0x0a]), Buffer.from(body)]));
    for (const b of bytes) {
      const want = scanText(b.toString('utf8'), 'app/server.js');
      assert.ok(want.length >= 2, 'the fixture is found');
      assert.deepEqual(scanBytes(b, 'app/server.js'), want);
    }
  });
});
