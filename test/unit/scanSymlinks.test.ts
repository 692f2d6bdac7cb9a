// Links, FIFOs and devices in a scanned tree: only regular files inside the scanned root are read,
// and nothing can make a scan wait forever or report (and so leak, or verify) a file from elsewhere.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileReader, InsideRoot, listFiles, pathText } from '../../src/core/scanner/files';
import { helcimToken } from './fixtures';
import { NO_FIFOS } from './platform';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = process.env.PAYAPI_CLI || path.join(ROOT, 'dist', 'cli.js');
const ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const OUTSIDE = helcimToken();
const INSIDE = helcimToken();
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.test', ...args], { cwd, env: ENV }).toString();

/** Runs the built CLI with stdin held open by a pipe nobody writes to; resolves with its exit and time. */
function payapi(cwd: string, ...args: string[]): Promise<{ code: number | null; out: string; ms: number }> {
  return new Promise((resolve) => {
    const t = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(kill);
      child.stdin.destroy();
      resolve({ code, out, ms: Date.now() - t });
    });
  });
}

describe('links, FIFOs and devices in a scanned repository', { skip: NO_FIFOS }, () => {
  let tmp: string;
  let repo: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-links-'));
    const outside = path.join(tmp, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'creds.env'), `HELCIM_API_TOKEN=${OUTSIDE}\n`);
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, 'real.env'), `HELCIM_API_TOKEN=${INSIDE}\n`);
    fs.symlinkSync('../outside/creds.env', path.join(repo, 'creds-link.env'));
    fs.symlinkSync('/dev/stdin', path.join(repo, 'stdin-link'));
    fs.symlinkSync('/dev/zero', path.join(repo, 'zero-link'));
    git(repo, 'add', '.');
    // An index entry under a folder that is now a link to elsewhere (a repository shipped with its .git).
    const blob = execFileSync('git', ['hash-object', '-w', path.join(outside, 'creds.env')], { cwd: repo, env: ENV })
      .toString()
      .trim();
    git(repo, 'update-index', '--add', '--cacheinfo', `100644,${blob},via/creds.env`);
    git(repo, 'commit', '-q', '-m', 'links');
    fs.symlinkSync(outside, path.join(repo, 'via'));
    spawnSync('mkfifo', [path.join(repo, 'untracked-fifo')]);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lists no file behind a link to a folder outside the root', () => {
    const names = listFiles(repo).files.map((f) => path.relative(repo, pathText(f)));
    assert.ok(names.includes('real.env'));
    assert.ok(!names.includes(path.join('via', 'creds.env')), names.join(', '));
  });

  it('reads regular files only: links, FIFOs and devices are skipped without waiting', () => {
    const reader = new FileReader();
    for (const name of ['creds-link.env', 'stdin-link', 'zero-link', 'untracked-fifo']) {
      const r = reader.read(path.join(repo, name), 1024 * 1024, 'skip');
      assert.equal(r.kind, 'skipped', name);
      assert.equal(r.kind === 'skipped' && r.why, 'not a regular file', name);
    }
    assert.equal(reader.read(path.join(repo, 'real.env'), 1024 * 1024, 'skip').kind, 'text');
  });

  for (const args of [
    ['scan', '.'],
    ['scan', '--jobs', '2', '.'],
    ['scan', '--format', 'json', '.'],
  ]) {
    it(`payapi ${args.join(' ')} reports the file inside only, and never waits on stdin or a FIFO`, async () => {
      const r = await payapi(repo, ...args);
      assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
      assert.equal(r.code, 1, r.out);
      assert.ok(r.out.includes(INSIDE.slice(-4)), 'the real finding is reported');
      assert.ok(!r.out.includes(OUTSIDE.slice(-4)), 'nothing from outside the repository is reported');
    });
  }

  it('outside git (the folder walk) the same holds', async () => {
    const r = await payapi(repo, 'scan', '--no-ignore', '.');
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
    assert.equal(r.code, 1, r.out);
    assert.ok(!r.out.includes(OUTSIDE.slice(-4)));
  });
});

describe('a scan root that is neither a file nor a folder', { skip: NO_FIFOS }, () => {
  it('a FIFO, /dev/zero and /dev/null are an I/O error (exit 2), not a clean result', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-root-'));
    try {
      const fifo = path.join(tmp, 'fifo');
      spawnSync('mkfifo', [fifo]);
      for (const root of [fifo, '/dev/zero', '/dev/null']) {
        const r = await payapi(tmp, 'scan', root);
        assert.equal(r.code, 2, `${root}: ${r.out}`);
        assert.match(r.out, /neither a file nor a folder/);
      }
      assert.throws(() => listFiles(fifo), /neither a file nor a folder/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('InsideRoot on a real tree of folders and links', { skip: NO_FIFOS }, () => {
  it('says what resolving every folder with realpath says, through links in and out, chains and loops', () => {
    const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-inside-')));
    try {
      const root = path.join(tmp, 'repo');
      const outside = path.join(tmp, 'elsewhere');
      for (const d of ['repo/a/b/c', 'repo/d/e', 'elsewhere/x/y', 'elsewhere/repo2'])
        fs.mkdirSync(path.join(tmp, d), { recursive: true });
      const links: [string, string][] = [
        ['repo/out', outside], // a link out
        ['repo/a/in', path.join(root, 'd')], // a link that stays inside
        ['repo/a/b/up', tmp], // up to the root's parent: its `repo` is the root again
        ['repo/d/rel', '../a/b'], // relative, inside
        ['repo/d/e/dotdot', '../../..'], // relative, out
        ['elsewhere/back', root], // from outside back in
        ['repo/chain', path.join(root, 'out', 'back')], // out, then back in
        ['repo/loop1', path.join(root, 'loop2')],
        ['repo/loop2', path.join(root, 'loop1')], // a loop: unresolvable
        ['repo/gone', path.join(tmp, 'missing')], // dangling
        ['repo/fsroot', '/'],
      ];
      for (const [from, to] of links) fs.symlinkSync(to, path.join(tmp, from));
      const dirs = [
        root,
        'a',
        'a/b',
        'a/b/c',
        'a/in',
        'a/in/e',
        'a/b/up',
        'a/b/up/repo',
        'a/b/up/repo/a/b/c',
        'a/b/up/elsewhere/x',
        'd/rel',
        'd/rel/c',
        'd/e/dotdot',
        'd/e/dotdot/repo/d',
        'out',
        'out/x/y',
        'out/back',
        'out/back/a/b',
        'chain',
        'chain/d/e',
        'loop1',
        'loop1/x',
        'gone',
        'gone/x',
        'fsroot',
        `fsroot${root}`,
        `fsroot${root}/a/b`,
        'not/there/at/all',
      ].map((d) => (path.isAbsolute(d) ? d : path.join(root, d)));
      const realRoot = fs.realpathSync.native(root);
      const expected = (dir: string) => {
        let real = dir;
        try {
          real = fs.realpathSync.native(dir);
        } catch {
          // unresolvable: the path itself, as the scanner takes it
        }
        const rel = path.relative(realRoot, real);
        return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
      };
      // Asked in this order and in reverse (each answer is cached, and a folder's parent may or may not be known).
      for (const order of [dirs, [...dirs].reverse()]) {
        const inside = new InsideRoot(root);
        for (const d of order) assert.equal(inside.holds(d), expected(d), path.relative(tmp, d));
      }
      assert.equal(expected(path.join(root, 'out', 'back', 'a')), true, 'the test tree has a way out and back in');
      assert.equal(expected(path.join(root, 'out')), false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
