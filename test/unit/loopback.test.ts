import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBaseUrl } from '../../src/core/accounts/validate';
import { isLoopbackHost } from '../../src/core/net/loopback';
import { loopbackUrl } from '../../src/core/webhooks/deliver';

/** Host parts of URLs, as `new URL(...).hostname` gives them, and whether they are this machine. */
const HOSTS: [string, boolean][] = [
  ['localhost', true],
  ['LOCALHOST', true],
  ['127.0.0.1', true],
  ['127.1.2.3', true],
  ['127.255.255.255', true],
  ['[::1]', true],
  ['::1', true],
  ['127.evil.example', false],
  ['127.0.0.1.evil.example', false],
  ['127.0.0.1.', false],
  ['localhost.evil', false],
  ['localhost.', false],
  ['evil-localhost', false],
  ['127.0.0.256', false],
  ['127.0.0', false],
  ['127.0.0.1.1', false],
  ['127.00.0.1', false],
  ['128.0.0.1', false],
  ['0.0.0.0', false],
  ['10.0.0.1', false],
  ['[::ffff:127.0.0.1]', false],
  ['[::ffff:7f00:1]', false],
  ['[::]', false],
  ['', false],
];

describe('isLoopbackHost: one strict check for this machine', () => {
  for (const [host, loopback] of HOSTS) {
    it(`${JSON.stringify(host)} is ${loopback ? '' : 'not '}loopback`, () => {
      assert.equal(isLoopbackHost(host), loopback);
    });
  }
});

describe('base URLs and handler URLs use it', () => {
  it('plain http to 127.evil.example is refused as a base URL, saying why', () => {
    assert.throws(
      () => validateBaseUrl('http://127.evil.example:18080', '--base-url'),
      (e: Error) =>
        /--base-url must use https:\/\/ for 127\.evil\.example: plain http is allowed only on this machine/.test(
          e.message,
        ),
    );
    assert.equal(validateBaseUrl('https://127.evil.example', 'x'), 'https://127.evil.example');
  });
  it('accepts and refuses the same hosts over plain http, after URL normalisation', () => {
    const urls: [string, boolean][] = [
      ['http://127.0.0.1:8080/mock', true],
      ['http://127.1:8080', true],
      ['http://0x7f.0.0.1', true],
      ['http://localhost:3000', true],
      ['http://[::1]:3000', true],
      ['http://[0:0:0:0:0:0:0:1]', true],
      ['http://127.evil.example', false],
      ['http://127.0.0.1.nip.io', false],
      ['http://localhost.evil', false],
      ['http://[::ffff:127.0.0.1]', false],
      ['http://0.0.0.0', false],
    ];
    for (const [url, ok] of urls) {
      const base = () => validateBaseUrl(url, 'x');
      const handler = () => loopbackUrl(url);
      if (ok) {
        assert.doesNotThrow(base, url);
        assert.doesNotThrow(handler, url);
      } else {
        assert.throws(base, /plain http is allowed only on this machine/, url);
        assert.throws(handler, /must be on this machine/, url);
      }
    }
  });
});
