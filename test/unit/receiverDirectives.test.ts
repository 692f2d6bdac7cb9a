// A webhook body's sender may not keep a secret unmasked with an ignore directive of its own, and
// bodies are scanned off the host with the text scanner when one is given (as the editor does).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TextScanner } from '../../src/core/scanner/textScanner';
import { WebhookReceiver } from '../../src/core/webhooks/receiver';
import { redactBody } from '../../src/core/webhooks/redactDelivery';
import { secrets } from './secretFixtures';

const S = secrets();
const ROOT = path.resolve(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'textScanWorker.js');

async function post(url: string, body: string): Promise<number> {
  const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await r.arrayBuffer();
  return r.status;
}

describe('webhook bodies and ignore directives', () => {
  const body = `{"note":"gitleaks:allow payapi-ignore","key":"${S.stripeLive}"}`;

  it('redactBody masks a secret a directive in the body would silence', () => {
    const r = redactBody(body, []);
    assert.ok(!r.text.includes(S.stripeLive), r.text);
    assert.equal(r.count, 1);
  });

  for (const offThread of [false, true]) {
    it(`the receiver keeps it masked (${offThread ? 'scanned on the text scanner worker' : 'scanned in process'})`, async () => {
      if (offThread && !fs.existsSync(WORKER))
        execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT });
      const scanner = new TextScanner({ workerScript: WORKER, inThreadMaxChars: 0 });
      const receiver = new WebhookReceiver({
        provider: 'helcim',
        secrets: async () => [],
        ...(offThread
          ? {
              scanText: async (text: string) => {
                const o = await scanner.scan({ text, honourDirectives: false });
                return o.kind === 'done' ? o.findings : undefined;
              },
            }
          : {}),
      });
      const url = await receiver.start();
      try {
        assert.equal(await post(url, body), 401, 'not verified (no secret), still listed');
        const [d] = receiver.deliveries();
        assert.ok(d);
        assert.ok(!d.body.includes(S.stripeLive), d.body);
        assert.ok(d.body.includes(S.stripeLive.slice(-4)));
      } finally {
        await receiver.stop();
        scanner.dispose();
      }
    });
  }
});
