// readBlock, the JS/TS/JSON block reader of client-config-secret, and that rule on input made to
// stall it or forge a preview.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientConfigSecret } from '../../src/core/scanner/exposure/clientConfig';
import { readBlock } from '../../src/core/scanner/exposure/jsBlock';
import type { FileContext } from '../../src/core/scanner/fileContext';
import { scan } from '../../src/core/scanner/scan';
import { slowLines } from './exposureTiming';

/** The names client-config-secret flags in `text`, as written. */
const flagged = (text: string, file: FileContext) =>
  scan(text, { file })
    .filter((f) => f.ruleId === 'client-config-secret')
    .map((f) => text.slice(f.start, f.end));

describe('readBlock', () => {
  it('names and strings with their depth, comments skipped, up to the matching bracket', () => {
    const text = 'x = { a: "s", /* c */ b: { c: `t` } } tail';
    const block = readBlock(text, text.indexOf('{'));
    assert.equal(text.slice(block.end), ' tail');
    assert.equal(block.closed, true);
    assert.deepEqual(
      block.tokens.map((t) => [t.kind, text.slice(t.start, t.end), t.depth]),
      [
        ['name', 'a', 1],
        ['string', 's', 1],
        ['name', 'b', 1],
        ['name', 'c', 2],
        ['string', 't', 2],
      ],
    );
  });

  it('stops at its bound on an unclosed block, an unclosed comment or string', () => {
    for (const tail of ['', '/*', '`', '"']) {
      const text = `{ a: 1, ${tail}${'x'.repeat(50_000)}`;
      const block = readBlock(text, 0, 20_000);
      assert.equal(block.closed, false);
      assert.ok(block.end <= 20_002, `${tail}: ${block.end}`);
    }
  });
});

describe('client-config-secret on hostile input', () => {
  const words = [
    'env: {',
    'define: {',
    'DefinePlugin(',
    'runtimeConfig: {',
    'public: {',
    'HELCIM_API_TOKEN',
    '"',
    "'@tarojs/",
    'designWidth:',
  ];
  const separators = ['', ' ', '="', "'", '(', '/*', '`', '{', '}'];
  for (const path of ['next.config.js', 'nuxt.config.ts', 'vite.config.ts', '.storybook/main.js', 'config/index.ts']) {
    it(`one long line of its own words grows linearly (${path})`, () => {
      assert.deepEqual(slowLines(clientConfigSecret, { path }, words, separators), []);
    });
  }

  it('an unclosed block is read for at most 20,000 characters', () => {
    const text = `module.exports = { env: { A: 1,${' '.repeat(25_000)}STRIPE_SECRET_KEY: 1`;
    assert.deepEqual(flagged(text, { path: 'next.config.js' }), []);
    assert.deepEqual(flagged(text.replace(' '.repeat(25_000), ' '), { path: 'next.config.js' }), ['STRIPE_SECRET_KEY']);
  });

  it('a name with control characters never reaches a preview', () => {
    const text =
      'module.exports = { env: { STRIPE\u001b[2J_SECRET_KEY: 1, "HELCIM\u0007_API_TOKEN": 2, GR4VY_\u202ePRIVATE_KEY: 3,' +
      ' "\u001b[2J\u0007HELCIM_API_TOKEN\u0008": 4 } };';
    const found = scan(text, { file: { path: 'next.config.js' } });
    assert.deepEqual(
      found.map((f) => f.preview),
      ['HELCIM_API_TOKEN'],
    );
    for (const f of found) assert.doesNotMatch(f.message, /[\p{Cc}\p{Cf}]/u);
  });
});
