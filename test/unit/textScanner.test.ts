// The text scanner the extension host uses (live linting, the webhook receiver): the same findings as
// scan() on a worker thread, and a time budget that stops any scan without blocking the caller.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rescan, scan } from '../../src/core/scanner/scan';
import { TextScanner } from '../../src/core/scanner/textScanner';
import { helcimToken } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'textScanWorker.js');

describe('TextScanner', () => {
  let tmp: string;
  let stub: string;
  before(() => {
    if (!fs.existsSync(WORKER)) execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-textscan-'));
    // A worker that never finishes on the text "slow": what a pattern gone quadratic would look like.
    stub = path.join(tmp, 'stub.js');
    fs.writeFileSync(
      stub,
      `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.text === 'slow') for (;;) {}
  parentPort.postMessage({ id: m.id, findings: [{ ruleId: 'echo', text: m.text }] });
});
`,
    );
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('gives what scan() and rescan() give, on its worker thread', async () => {
    const scanner = new TextScanner({ workerScript: WORKER, inThreadMaxChars: 0 });
    try {
      const text = `HELCIM_API_TOKEN=${helcimToken()}\nother=1\n`;
      const whole = await scanner.scan({ text });
      assert.deepEqual(whole, { kind: 'done', findings: scan(text) });
      assert.equal(whole.kind === 'done' && whole.findings.length, 1);
      const edited = `# note\n${text}`;
      const edits = [{ offset: 0, removed: 0, inserted: 7 }];
      const again = await scanner.scan({ text: edited, previous: scan(text), edits });
      assert.deepEqual(again, { kind: 'done', findings: rescan(edited, scan(text), edits) });
    } finally {
      scanner.dispose();
    }
  });

  it('stops a scan past its budget, keeps the caller responsive, and answers the next one', async () => {
    const scanner = new TextScanner({ workerScript: stub, budgetMs: 1_000, inThreadMaxChars: 0 });
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 20);
      const t = Date.now();
      const [slow, fast] = await Promise.all([scanner.scan({ text: 'slow' }), scanner.scan({ text: 'fast' })]);
      clearInterval(ticker);
      assert.deepEqual(slow, { kind: 'over-budget', budgetMs: 1_000 });
      assert.equal(fast.kind, 'done');
      assert.ok(Date.now() - t < 5_000, `took ${Date.now() - t} ms`);
      assert.ok(ticks >= 5, `the calling thread was blocked (${ticks} ticks)`);
    } finally {
      scanner.dispose();
    }
  });

  it('scans small texts on the calling thread (posting them would cost more than scanning them)', async () => {
    const scanner = new TextScanner({ workerScript: stub, budgetMs: 1_000 });
    try {
      // The stub would never answer "slow", and answers others with a marker finding: neither happens.
      const out = await scanner.scan({ text: 'slow' });
      assert.deepEqual(out, { kind: 'done', findings: [] });
      const big = await scanner.scan({ text: 'x'.repeat(70 * 1024) });
      assert.equal(big.kind === 'done' && big.findings[0]?.ruleId, 'echo', 'a larger text goes to the worker');
    } finally {
      scanner.dispose();
    }
  });

  it('rejects what is pending when disposed', async () => {
    const scanner = new TextScanner({ workerScript: stub, budgetMs: 10_000, inThreadMaxChars: 0 });
    const pending = scanner.scan({ text: 'slow' });
    scanner.dispose();
    await assert.rejects(pending, /disposed/);
  });
});
