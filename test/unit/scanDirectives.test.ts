// Ignore directives are looked for near each finding only: a long one-line text (a minified bundle,
// a webhook body any web page can send) with many findings takes time in proportion to its length.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDocumentationExample, isPlaceholder } from '../../src/core/scanner/placeholder';
import { scan } from '../../src/core/scanner/scan';
import { rand } from './secretFixtures';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A random live key; drawn again when chance made it look like a placeholder (`xxxx`, `here`, `fake`). */
function stripeKey(): string {
  for (;;) {
    const key = ['sk', 'live', rand(ALNUM, 32)].join('_');
    if (!isPlaceholder(key) && !isDocumentationExample(key)) return key;
  }
}

function oneLine(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`"${stripeKey()}"`);
  return parts.join(',');
}

function best(text: string): number {
  let min = Infinity;
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    scan(text);
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

describe('ignore directives on one long line', () => {
  it('many findings on one line take time in proportion to the line (not its square)', () => {
    const small = oneLine(3_000);
    const large = oneLine(12_000);
    assert.equal(scan(small).length, 3_000);
    const ratio = best(large) / best(small);
    assert.ok(ratio < 8, `4x the findings on one line took ${ratio.toFixed(1)}x the time`);
  });

  it('a directive on the line, or the line before, still silences a finding; one far away does not', () => {
    const key = stripeKey();
    assert.equal(scan(`const k = "${key}"; // payapi-ignore`).length, 0);
    assert.equal(scan(`// payapi-ignore-next-line\nconst k = "${key}";`).length, 0);
    assert.equal(scan(`// gitleaks:allow ${'x'.repeat(5000)} const k = "${key}";`).length, 1);
    assert.equal(scan(`const k = "${key}";`).length, 1);
  });

  it('honourDirectives: false reports what a directive would silence (webhook bodies)', () => {
    const key = stripeKey();
    const text = `{"note":"gitleaks:allow payapi-ignore","key":"${key}"}`;
    assert.equal(scan(text).length, 0);
    assert.equal(scan(text, { honourDirectives: false }).length, 1);
  });
});
