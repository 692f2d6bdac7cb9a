// A crash never reads as a verdict (issue 18 item 8): when the output is lost (a full disk, a pipe
// closed early) the built CLI exits 2, never 0 (clean) or 1 (findings).
import assert from 'node:assert/strict';
import { type StdioOptions, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { randomBytes } from 'node:crypto';
import { secrets } from './secretFixtures';

const CLI = path.resolve('dist/cli.js');
const built = fs.existsSync(CLI);
const hasDevFull = fs.existsSync('/dev/full');

function run(
  args: string[],
  opts: { stdio: StdioOptions; env?: NodeJS.ProcessEnv; stdin?: string; closeStdout?: boolean },
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: opts.stdio, env: { ...process.env, ...opts.env } });
    // The reader goes away at once: every write the CLI makes fails with EPIPE.
    if (opts.closeStdout) child.stdout?.destroy();
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    if (child.stdin) child.stdin.end(opts.stdin ?? '');
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the built CLI exits 2 when its verdict is lost', { skip: !built && 'run npm run build first' }, () => {
  let dir = '';
  let clean = '';
  let leaky = '';
  let devFull = -1;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-exit-'));
    clean = path.join(dir, 'clean');
    leaky = path.join(dir, 'leaky');
    fs.mkdirSync(clean);
    fs.mkdirSync(leaky);
    fs.writeFileSync(path.join(clean, 'app.js'), 'export const key = process.env.STRIPE_KEY;\n');
    // About 400 KB of text report: far more than a pipe holds, so writing it must meet the closed end.
    const S = secrets();
    const lines = Array.from(
      { length: 4000 },
      (_, i) => `const k${i} = '${S.stripeLive.slice(0, -4)}${String(i).padStart(4, '0')}';`,
    );
    fs.writeFileSync(path.join(leaky, 'keys.js'), `${lines.join('\n')}\n`);
    if (hasDevFull) devFull = fs.openSync('/dev/full', 'w');
  });
  after(() => {
    if (devFull >= 0) fs.closeSync(devFull);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('control: a clean tree exits 0 and findings exit 1 when the output arrives', async () => {
    assert.equal((await run(['scan', '--no-ignore', clean], { stdio: ['ignore', 'ignore', 'pipe'] })).code, 0);
    assert.equal((await run(['scan', '--no-ignore', leaky], { stdio: ['ignore', 'ignore', 'pipe'] })).code, 1);
  });

  it(
    'payapi scan --no-ignore <clean folder> > /dev/full exits 2 and says why',
    { skip: !hasDevFull && 'no /dev/full' },
    async () => {
      const r = await run(['scan', '--no-ignore', clean], { stdio: ['ignore', devFull, 'pipe'] });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /cannot write to standard output \(ENOSPC\)/);
    },
  );

  it('standard output into a pipe closed early exits 2, not 1', async () => {
    const r = await run(['scan', '--no-ignore', leaky], { stdio: ['ignore', 'pipe', 'pipe'], closeStdout: true });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot write to standard output \(EPIPE\)/);
  });

  it(
    'webhook verify on a verified delivery > /dev/full exits 2, not 0',
    { skip: !hasDevFull && 'no /dev/full' },
    async () => {
      const secret = randomBytes(24).toString('base64');
      const body = '{"id":"25764674","type":"cardTransaction"}';
      const ts = Math.floor(Date.now() / 1000);
      const sig = new Webhook(secret).sign('msg_1', new Date(ts * 1000), body);
      const request = `webhook-id: msg_1\nwebhook-timestamp: ${ts}\nwebhook-signature: ${sig}\n\n${body}`;
      const args = ['webhook', 'verify', '--provider', 'helcim', '--secret-env', 'HELCIM_WEBHOOK_TOKEN'];
      const env = { HELCIM_WEBHOOK_TOKEN: secret };
      const ok = await run(args, { stdio: ['pipe', 'ignore', 'pipe'], env, stdin: request });
      assert.equal(ok.code, 0, `control: the delivery verifies (${ok.stderr})`);
      const lost = await run(args, { stdio: ['pipe', devFull, 'pipe'], env, stdin: request });
      assert.equal(lost.code, 2, lost.stderr);
      assert.ok(!lost.stderr.includes(secret));
    },
  );
});
