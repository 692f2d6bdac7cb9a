import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IgnoreFiles, gitignoreRelativeTo, trimIgnoreLine } from '../../src/core/git/ignoreFiles';
import { findRepository } from '../../src/core/git/repository';
import { runGit } from '../../src/core/git/run';
import { listFiles, pathText } from '../../src/core/scanner/files';
import { commitsAdding, scanHistory } from '../../src/core/scanner/history';
import { helcimToken } from './fixtures';
import { NO_FIFOS, NO_SYMLINKS } from './platform';

const TOKEN = helcimToken();

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
// Test repositories are made with the user's git, but never with their config or hooks.
const QUIET_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const rawGit = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    env: {
      ...QUIET_ENV,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.test',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();

/** A shell command that appends a line to `marker`: if it ever runs, the marker file says so. */
const planted = (marker: string, what: string) => `echo ${what} >> '${marker}'; false`;

function ran(marker: string): string {
  return fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '';
}

function payapi(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, env: QUIET_ENV, encoding: 'utf8', timeout: 60_000 });
}

describe('git never runs what a repository configures', () => {
  let tmp: string;
  let repo: string;
  let marker: string;

  before(() => {
    if (!fs.existsSync(CLI)) execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-gitsafe-'));
    marker = path.join(tmp, 'RAN');
    repo = path.join(tmp, 'hostile');
    fs.mkdirSync(repo);
    rawGit(repo, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'app.env'), `HELCIM_API_TOKEN=${TOKEN}\n`);
    fs.writeFileSync(path.join(repo, '.gitattributes'), '* diff=evil\n');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'ignored.txt\n');
    fs.writeFileSync(path.join(repo, 'ignored.txt'), 'not listed\n');
    rawGit(repo, 'add', '.');
    rawGit(repo, 'commit', '-q', '-m', 'first');
    // What a hostile repository (or a downloaded archive with its .git) can carry in its config.
    const hook = path.join(repo, '.git', 'hooks', 'post-index-change');
    fs.writeFileSync(hook, `#!/bin/sh\n${planted(marker, 'HOOK')}\n`, { mode: 0o755 });
    for (const [k, v] of [
      ['core.fsmonitor', planted(marker, 'FSMONITOR')],
      ['core.hooksPath', path.join(repo, '.git', 'hooks')],
      ['diff.evil.textconv', planted(marker, 'TEXTCONV')],
      ['diff.external', planted(marker, 'EXTDIFF')],
      ['log.showSignature', 'true'],
      ['gpg.program', planted(marker, 'GPG')],
      ['core.pager', planted(marker, 'PAGER')],
    ] as const)
      rawGit(repo, 'config', k, v);
    fs.writeFileSync(path.join(repo, 'staged.env'), `HELCIM_API_TOKEN=${TOKEN}\n`);
    rawGit(repo, 'add', 'staged.env');
    fs.rmSync(marker, { force: true });
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the planted repository does run its commands under plain git (so the checks below can fail)', () => {
    spawnSync('git', ['ls-files'], { cwd: repo, env: QUIET_ENV });
    assert.match(ran(marker), /FSMONITOR/);
    fs.rmSync(marker, { force: true });
  });

  it('listing, check-ignore, log -p, cat-file and diff --cached run nothing', async () => {
    const listed = listFiles(repo);
    assert.equal(listed.source, 'git');
    assert.deepEqual(listed.files.map((f) => path.relative(repo, pathText(f))).sort(), [
      '.gitattributes',
      '.gitignore',
      'app.env',
      'staged.env',
    ]);
    const r = findRepository(repo);
    assert.ok(r);
    assert.equal(runGit(r, ['check-ignore', '-q', '--', 'ignored.txt']), '');
    assert.ok(runGit(r, ['cat-file', 'blob', ':staged.env'])?.includes('HELCIM'));
    assert.ok(runGit(r, ['diff', '--cached', '--name-only']));
    const history = await scanHistory(repo, { branches: false, salt: 's', maxBytes: 1_000_000 });
    assert.equal(history.commits, 1);
    assert.ok(history.findings.length >= 1);
    assert.equal((await commitsAdding(r, 'app.env', TOKEN)).length, 1);
    assert.equal(ran(marker), '');
  });

  it('payapi scan, --staged and --history run nothing and still find the secrets', () => {
    for (const args of [
      ['scan', '.'],
      ['scan', '--staged'],
      ['scan', '--history'],
      ['scan', '--jobs', '2', '.'],
    ]) {
      const r = payapi(repo, ...args);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /helcim/i, args.join(' '));
      assert.equal(ran(marker), '', `${args.join(' ')} ran the repository's command`);
    }
  });
});

describe('an embedded repository (committed as plain files) is never used', () => {
  let tmp: string;
  let clone: string;
  let marker: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-embedded-'));
    marker = path.join(tmp, 'RAN');
    const origin = path.join(tmp, 'origin');
    fs.mkdirSync(path.join(origin, 'evil', 'refs', 'heads'), { recursive: true });
    fs.mkdirSync(path.join(origin, 'evil', 'objects'), { recursive: true });
    rawGit(origin, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(origin, 'evil', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(
      path.join(origin, 'evil', 'config'),
      `[core]\n\tbare = false\n\tworktree = .\n\tfsmonitor = "${planted(marker, 'EMBEDDED')}"\n`,
    );
    fs.writeFileSync(path.join(origin, 'evil', 'refs', 'heads', '.keep'), '');
    fs.writeFileSync(path.join(origin, 'evil', 'objects', '.keep'), '');
    fs.mkdirSync(path.join(origin, 'evil', 'src'));
    fs.writeFileSync(path.join(origin, 'evil', 'src', 'x.js'), '// nothing here\n');
    fs.writeFileSync(path.join(origin, 'evil', 'app.env'), `HELCIM_API_TOKEN=${TOKEN}\n`);
    fs.writeFileSync(path.join(origin, '.gitignore'), 'evil/skip.txt\n');
    rawGit(origin, 'add', '.');
    rawGit(origin, 'commit', '-q', '-m', 'embed');
    clone = path.join(tmp, 'clone');
    rawGit(tmp, 'clone', '-q', origin, clone);
    fs.writeFileSync(path.join(clone, 'evil', 'skip.txt'), 'ignored by the outer repository\n');
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("git's own discovery takes the embedded folder for a repository (so the checks below can fail)", () => {
    const found = spawnSync('git', ['rev-parse', '--absolute-git-dir'], {
      cwd: path.join(clone, 'evil', 'src'),
      env: QUIET_ENV,
      encoding: 'utf8',
    });
    // Real paths on both sides: git writes C:/… on Windows, and os.tmpdir() may be an 8.3 short name.
    assert.equal(fs.realpathSync.native(found.stdout.trim()), fs.realpathSync.native(path.join(clone, 'evil')));
  });

  it('the enclosing repository is found, and listing the embedded folder runs nothing', () => {
    assert.equal(findRepository(path.join(clone, 'evil'))?.top, clone);
    const listed = listFiles(path.join(clone, 'evil'));
    assert.equal(listed.source, 'git');
    const names = listed.files.map((f) => path.relative(clone, pathText(f)).split(path.sep).join('/')).sort();
    assert.ok(names.includes('evil/app.env'));
    assert.ok(!names.includes('evil/skip.txt'), 'the outer .gitignore applies');
    assert.equal(ran(marker), '');
  });

  it('payapi scan evil/ and scan --staged from inside it run nothing', () => {
    const r = payapi(clone, 'scan', 'evil');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /evil[/\\]app\.env/);
    const s = payapi(path.join(clone, 'evil'), 'scan', '--staged');
    assert.equal(s.status, 0, s.stderr);
    const h = payapi(path.join(clone, 'evil'), 'scan', '--history');
    assert.equal(h.status, 1, h.stderr);
    assert.equal(ran(marker), '');
  });

  it('the ignore files are read without git, from the repository top down', () => {
    const rules = new IgnoreFiles(clone, path.join(clone, '.git'));
    assert.equal(rules.ignores(path.join(clone, 'evil', 'skip.txt')), true);
    assert.equal(rules.ignores(path.join(clone, 'evil', 'app.env')), false);
    assert.equal(ran(marker), '');
  });

  it("a folder walked with git off ('never', the editor's untrusted mode) runs nothing and honours .gitignore", () => {
    const listed = listFiles(clone, { git: 'never' });
    assert.equal(listed.source, 'gitignore');
    const names = listed.files.map((f) => path.relative(clone, pathText(f)).split(path.sep).join('/'));
    assert.ok(names.includes('evil/app.env'));
    assert.ok(!names.includes('evil/skip.txt'));
    assert.equal(ran(marker), '');
  });
});

describe('repository discovery', () => {
  it('stops at the ceiling; follows a .git file to its git folder, skips one pointing nowhere', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-find-'));
    try {
      rawGit(tmp, 'init', '-q');
      const sub = path.join(tmp, 'a', 'b');
      fs.mkdirSync(sub, { recursive: true });
      assert.equal(findRepository(sub)?.top, tmp);
      assert.equal(findRepository(sub, { ceiling: path.join(tmp, 'a') }), undefined, 'never above the ceiling');
      assert.equal(findRepository(sub, { ceiling: tmp })?.top, tmp);
      assert.equal(findRepository(tmp, { ceiling: sub }), undefined, 'a ceiling below the folder finds nothing');
      fs.writeFileSync(path.join(tmp, 'a', '.git'), 'gitdir: ../.git\n');
      assert.deepEqual(findRepository(path.join(tmp, 'a')), {
        top: path.join(tmp, 'a'),
        gitDir: path.join(tmp, '.git'),
      });
      fs.writeFileSync(path.join(tmp, 'a', '.git'), 'gitdir: /nonexistent/place\n');
      assert.equal(findRepository(path.join(tmp, 'a'))?.top, tmp, 'a .git file pointing nowhere is skipped');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a .git symlink is not a repository', { skip: NO_SYMLINKS }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-find-'));
    try {
      rawGit(tmp, 'init', '-q');
      const sub = path.join(tmp, 'a', 'b');
      fs.mkdirSync(sub, { recursive: true });
      fs.symlinkSync(path.join(tmp, '.git'), path.join(sub, '.git'));
      assert.equal(findRepository(sub)?.top, tmp);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('ignore files on hostile input', () => {
  it('a line of 150,000 spaces is trimmed in linear time; an escaped trailing space is kept', () => {
    const time = (n: number) => {
      const line = `#${' '.repeat(n)}x${' '.repeat(n)}`;
      const t = performance.now();
      gitignoreRelativeTo(`${line}\n${' '.repeat(n)}\n`, 'sub');
      return performance.now() - t;
    };
    time(1000);
    const small = Math.min(time(37_500), time(37_500));
    const large = Math.min(time(150_000), time(150_000));
    assert.ok(large < 200, `150,000 spaces took ${large.toFixed(0)} ms`);
    assert.ok(large / Math.max(small, 0.5) < 8, `4x the input took ${(large / small).toFixed(1)}x the time`);
    assert.equal(trimIgnoreLine('foo\\ '), 'foo\\ ');
    assert.equal(trimIgnoreLine('foo  \t'), 'foo');
  });

  it('a pattern the ignore package cannot compile is dropped, not thrown', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-ignore-'));
    try {
      fs.writeFileSync(path.join(tmp, '.gitignore'), `${' '.repeat(100)}${'['.repeat(60_000)}x\n*.log\n`);
      fs.writeFileSync(path.join(tmp, 'a.log'), 'x');
      fs.writeFileSync(path.join(tmp, 'a.txt'), 'x');
      const rules = new IgnoreFiles(tmp);
      assert.equal(rules.ignores(path.join(tmp, 'a.log')), true);
      assert.equal(rules.ignores(path.join(tmp, 'a.txt')), false);
      assert.deepEqual(
        listFiles(tmp, { git: 'never' }).files.map((f) => path.basename(pathText(f))),
        ['.gitignore', 'a.txt'].sort(),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a 1 MB .gitignore of 77,000 wildcard patterns costs little (it took 17 s, and 36 s for 200 files)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-ignore-'));
    try {
      const lines: string[] = [];
      for (let i = 0; i < 77_778; i++) lines.push(`*a*b*c${i}*`);
      fs.writeFileSync(path.join(tmp, '.gitignore'), `${lines.join('\n')}\n`);
      fs.mkdirSync(path.join(tmp, 'd'));
      for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(tmp, 'd', `f${i}.txt`), 'x');
      let t = performance.now();
      assert.equal(new IgnoreFiles(tmp).ignores(path.join(tmp, 'd', 'f1.txt')), false);
      const first = performance.now() - t;
      t = performance.now();
      assert.equal(listFiles(tmp, { git: 'never' }).files.length, 201);
      const walk = performance.now() - t;
      assert.ok(first < 3_000, `the first question took ${first.toFixed(0)} ms`);
      assert.ok(walk < 8_000, `listing 200 files took ${walk.toFixed(0)} ms`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a .gitignore that is a FIFO or a link is not read (no hang, nothing outside)', { skip: NO_FIFOS }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-ignore-'));
    try {
      spawnSync('mkfifo', [path.join(tmp, '.gitignore')]);
      fs.writeFileSync(path.join(tmp, 'a.txt'), 'x');
      assert.equal(new IgnoreFiles(tmp).ignores(path.join(tmp, 'a.txt')), false);
      const sub = path.join(tmp, 'sub');
      fs.mkdirSync(sub);
      fs.writeFileSync(path.join(tmp, 'outside-rules'), '*.txt\n');
      fs.symlinkSync(path.join(tmp, 'outside-rules'), path.join(sub, '.gitignore'));
      fs.writeFileSync(path.join(sub, 'b.txt'), 'x');
      assert.equal(new IgnoreFiles(tmp).ignores(path.join(sub, 'b.txt')), false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('a partial clone whose remote is a command (lazy fetch)', () => {
  let tmp: string;
  let repo: string;
  let marker: string;
  const objectPath = (sha: string) => path.join(repo, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
  const blobOf = (spec: string) => rawGit(repo, 'rev-parse', spec).trim();

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-lazy-'));
    marker = path.join(tmp, 'RAN');
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    rawGit(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'ignored.env\n');
    fs.writeFileSync(path.join(repo, 'a.env'), `HELCIM_API_TOKEN=${TOKEN}\n`);
    rawGit(repo, 'add', '.');
    rawGit(repo, 'commit', '-q', '-m', 'one');
    fs.writeFileSync(path.join(repo, 'b.env'), `HELCIM_API_TOKEN=${TOKEN}\n`);
    rawGit(repo, 'add', '.');
    rawGit(repo, 'commit', '-q', '-m', 'two');
    fs.writeFileSync(path.join(repo, 'c.env'), 'STAGED=1\n');
    rawGit(repo, 'add', 'c.env');
    // Objects "not yet fetched": a commit's blob, a staged blob, and the .gitignore behind skip-worktree.
    const missing = [blobOf('HEAD:b.env'), blobOf(':c.env'), blobOf(':.gitignore')];
    rawGit(repo, 'update-index', '--skip-worktree', '.gitignore');
    fs.rmSync(path.join(repo, '.gitignore'));
    for (const sha of missing) fs.rmSync(objectPath(sha), { force: true });
    for (const [k, v] of [
      ['core.repositoryformatversion', '1'],
      ['extensions.partialClone', 'origin'],
      ['remote.origin.promisor', 'true'],
      ['protocol.ext.allow', 'always'],
      // `/` in the marker's path: sh would take a Windows path's backslashes as escapes.
      ['remote.origin.url', `ext::sh -c touch% ${marker.split(path.sep).join('/')}% >&2`],
    ] as const)
      rawGit(repo, 'config', k, v);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('plain git does fetch, running the remote command (so the checks below can fail)', () => {
    spawnSync('git', ['cat-file', 'blob', ':c.env'], { cwd: repo, env: QUIET_ENV });
    assert.ok(fs.existsSync(marker), 'the lazy fetch did not run under plain git');
    fs.rmSync(marker, { force: true });
  });

  it('payapi scan, --staged and --history never fetch (a missing object is an error or a skip, not a command)', () => {
    for (const args of [
      ['scan', '.'],
      ['scan', '--staged'],
      ['scan', '--history'],
    ]) {
      const r = payapi(repo, ...args);
      assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${args.join(' ')}: ${r.status}`);
      assert.equal(fs.existsSync(marker), false, `${args.join(' ')} ran the remote's command`);
    }
  });
});

/** Whether some running process's command line holds `text` (Linux: /proc; elsewhere: ps). */
function running(text: string): boolean {
  if (!fs.existsSync('/proc/self/cmdline'))
    return spawnSync('ps', ['-ax', '-o', 'args'], { encoding: 'utf8' }).stdout.includes(text);
  return fs.readdirSync('/proc').some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(text);
    } catch {
      return false;
    }
  });
}

describe('git kept waiting by the repository', { skip: NO_FIFOS }, () => {
  it('a scan whose ignored .env listing alone never ends (the worker has its files): exit 2 within the limit, nothing left running', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-gitlater-'));
    try {
      rawGit(dir, 'init', '-q');
      for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(dir, `f${i}.ts`), `export const v = ${i};\n`);
      // A git in front of the real one that never answers the .env listing (--ignored) and runs the rest.
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      // A sleep of a length no other process has (sleep takes fractions), to find it by.
      const marker = `sleep 61.${process.pid}`;
      fs.writeFileSync(
        path.join(bin, 'git'),
        `#!/bin/sh\ncase "$*" in *--ignored*) exec ${marker} ;; esac\nexec ${real} "$@"\n`,
        { mode: 0o755 },
      );
      const t = Date.now();
      const r = spawnSync(process.execPath, [CLI, 'scan', '.'], {
        cwd: dir,
        env: {
          ...process.env,
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
          PAYAPI_GIT_TIMEOUT_MS: '1500',
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /did not finish within 1\.5 s/);
      assert.ok(Date.now() - t < 20_000);
      assert.equal(running(marker), false, 'the stalled git call was left running');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an ignore file that is a FIFO makes the scan an error within the time limit (exit 2), not a hang', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-gitfifo-'));
    try {
      rawGit(tmp, 'init', '-q');
      fs.writeFileSync(path.join(tmp, 'a.txt'), 'x\n');
      const fifo = path.join(tmp, '.git', 'info', 'exclude');
      fs.rmSync(fifo, { force: true });
      fs.mkdirSync(path.dirname(fifo), { recursive: true });
      spawnSync('mkfifo', [fifo]);
      const t = Date.now();
      const r = spawnSync(process.execPath, [CLI, 'scan', '.'], {
        cwd: tmp,
        env: { ...QUIET_ENV, PAYAPI_GIT_TIMEOUT_MS: '1500' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /did not finish within 1\.5 s/);
      assert.ok(Date.now() - t < 15_000);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
