// The hook as users get it: Debian's real `pre-commit` installs this repository's
// .pre-commit-hooks.yaml (npm install, npm pack with the prepack build, npm install -g) into its own
// environment and runs it on a temporary repository's staged files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const liveKey = ['sk', 'live', `${'Qm4Tz8Wn2Lx6'}${'Pc9Rv3Hy7Kd1'}`].join('_');

describe('pre-commit try-repo runs the payapi-scan hook', { timeout: 300_000 }, () => {
  let repo = '';
  let home = '';
  const env = () => ({ ...process.env, PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never' });
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { cwd: repo, env: env(), encoding: 'utf8', timeout: 280_000 });
  const tryRepo = () => run('pre-commit', ['try-repo', ROOT, 'payapi-scan', '--verbose']);

  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-precommit-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-precommit-home-'));
    assert.equal(run('git', ['init', '-q']).status, 0);
  });
  after(() => {
    for (const d of [repo, home]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a staged secret fails the hook with the masked finding', () => {
    fs.writeFileSync(path.join(repo, 'billing.js'), `const stripe = require('stripe')('${liveKey}');\n`);
    assert.equal(run('git', ['add', 'billing.js']).status, 0);
    const r = tryRepo();
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 1, out);
    assert.match(out, /payapi secret scan\.+Failed/);
    assert.match(out, /billing\.js:1:\d+: error stripe-secret-key: Hard-coded Stripe secret key \(••••••••7Kd1\)/);
    assert.ok(!out.includes(liveKey), 'the hook prints the masked value only');
  });

  it('a clean staged file passes', () => {
    fs.writeFileSync(path.join(repo, 'billing.js'), "const stripe = require('stripe')(process.env.STRIPE_KEY);\n");
    assert.equal(run('git', ['add', 'billing.js']).status, 0);
    const r = tryRepo();
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /payapi secret scan\.+Passed/);
  });
});
