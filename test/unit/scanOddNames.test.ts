// A file whose name is not valid UTF-8 is read by its exact bytes: it used to be listed under a
// decoded name that opens nothing, and skipped without a word.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listFiles } from '../../src/core/scanner/files';
import { helcimToken } from './fixtures';
import { NO_BYTE_NAMES } from './platform';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const TOKEN = helcimToken();
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.test', ...args], { cwd, env: ENV });

/** `dir/d<0xff>.env` (and one in a sub folder) holding a Helcim token. */
function plant(dir: string): void {
  for (const sub of ['', 'sub']) {
    const folder = path.join(dir, sub);
    fs.mkdirSync(folder, { recursive: true });
    const name = Buffer.concat([Buffer.from(`${folder}${path.sep}d`), Buffer.from([0xff]), Buffer.from('.env')]);
    fs.writeFileSync(name, `HELCIM_API_TOKEN=${TOKEN}\n`);
  }
}

describe('file names that are not UTF-8', { skip: NO_BYTE_NAMES }, () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-names-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const where of ['outside git', 'untracked in git', 'tracked in git'] as const) {
    it(`are found ${where}, on one thread and on two`, () => {
      const dir = path.join(tmp, where.replace(/ /g, '-'));
      fs.mkdirSync(dir);
      if (where !== 'outside git') git(dir, 'init', '-q');
      plant(dir);
      // Enough files for two worker threads (each takes at least a batch of 200).
      for (let i = 0; i < 450; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), 'x\n');
      if (where === 'tracked in git') {
        git(dir, '-c', 'core.quotePath=false', 'add', '.');
        git(dir, 'commit', '-q', '-m', 'odd');
      }
      const listed = listFiles(dir).files;
      assert.equal(listed.length, 452);
      assert.equal(listed.filter((f) => Buffer.isBuffer(f)).length, 2, `listed: ${listed.map(String).join(', ')}`);
      for (const jobs of ['1', '2']) {
        const r = spawnSync(process.execPath, [CLI, 'scan', '--jobs', jobs, '--format', 'json', '.'], {
          cwd: dir,
          env: ENV,
          encoding: 'utf8',
        });
        assert.equal(r.status, 1, r.stdout + r.stderr);
        const out = JSON.parse(r.stdout) as { findings: { path: string }[] };
        assert.equal(out.findings.length, 2, r.stdout);
        assert.ok(out.findings.every((f) => f.path.includes('d\uFFFD.env')));
      }
    });
  }
});
