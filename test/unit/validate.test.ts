import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScopes, validateInstanceId, validateMerchantAccountId } from '../../src/core/providers/gr4vy/fields';
import { validateBaseUrl, validateLabel } from '../../src/core/accounts/validate';
import { validateHelcimToken } from '../../src/core/providers/helcim/token';
import { helcimToken } from './fixtures';

describe('validateHelcimToken', () => {
  const t = helcimToken();
  it('accepts the documented alphabet and trims / unquotes', () => {
    assert.equal(validateHelcimToken(t), t);
    assert.equal(validateHelcimToken(`  ${t}\n`), t);
    assert.equal(validateHelcimToken(`"${t}"`), t);
  });
  const cases: [string, string, RegExp][] = [
    ['empty', '  ', /empty/],
    ['header pasted along', `api-token: ${t}`, /header name/],
    ['space inside', `${t.slice(0, 10)} ${t.slice(10)}`, /white space \(at character 11\)/],
    ['foreign character', `${t.slice(0, 5)}#${t.slice(5)}`, /character Helcim tokens do not use \(at character 6\)/],
    ['too short', t.slice(0, 8), /too short \(8 characters\)/],
    ['too long', t.repeat(9), /too long/],
    ['a Stripe key', ['sk', 'live', 'a'.repeat(24)].join('_'), /Stripe key/],
    ['a JWT', ['eyJhbGciOiJFUzUxMiJ9', 'eyJzIjoxfQ', 'sig'].join('.'), /JWT/],
    ['a bearer token', `Bearer ${t}`, /bearer token/],
  ];
  for (const [name, input, re] of cases) {
    it(`refuses ${name} with a precise reason and without echoing the token`, () => {
      assert.throws(
        () => validateHelcimToken(input),
        (e: Error) => {
          assert.match(e.message, re);
          assert.ok(!e.message.includes(t.slice(0, 12)), 'token echoed in the message');
          return true;
        },
      );
    });
  }
});

describe('account field validators', () => {
  it('labels', () => {
    assert.equal(validateLabel('  Shop  '), 'Shop');
    assert.throws(() => validateLabel(''), /empty/);
    assert.throws(() => validateLabel('x'.repeat(61)), /too long/);
  });
  it('instance ids, also from a pasted API URL', () => {
    assert.equal(validateInstanceId('Acme'), 'acme');
    assert.equal(validateInstanceId('https://api.sandbox.acme-eu.gr4vy.app/'), 'acme-eu');
    assert.throws(() => validateInstanceId('acme corp'), /only letters, digits/);
    assert.throws(() => validateInstanceId('-acme'), /only letters/);
    assert.throws(() => validateInstanceId(''), /empty/);
  });
  it('merchant account ids', () => {
    assert.equal(validateMerchantAccountId(''), undefined);
    assert.equal(validateMerchantAccountId(' default '), 'default');
    assert.throws(() => validateMerchantAccountId('a b'), /only letters/);
  });
  it('scopes', () => {
    assert.deepEqual(parseScopes('*.read, *.write'), ['*.read', '*.write']);
    assert.deepEqual(parseScopes('buyers.read buyers.billing-details.write embed buyers.read'), [
      'buyers.read',
      'buyers.billing-details.write',
      'embed',
    ]);
    assert.throws(() => parseScopes(' , '), /At least one scope/);
    assert.throws(() => parseScopes('buyers'), /"buyers" is not a scope/);
  });
  it('base URLs: https, or http only on loopback; no credentials or query', () => {
    assert.equal(validateBaseUrl('https://api.helcim.com/', 'x'), 'https://api.helcim.com');
    assert.equal(validateBaseUrl('http://127.0.0.1:8080/mock/', 'x'), 'http://127.0.0.1:8080/mock');
    assert.throws(
      () => validateBaseUrl('http://api.helcim.com', 'The Helcim base URL'),
      /The Helcim base URL must use https/,
    );
    assert.throws(() => validateBaseUrl('https://u:p@h.example', 'x'), /user name or password/);
    assert.throws(() => validateBaseUrl('https://h.example/?a=1', 'x'), /query/);
    assert.throws(() => validateBaseUrl('not a url', 'x'), /not a URL/);
    assert.throws(() => validateBaseUrl('ftp://h.example', 'x'), /https/);
    // A name that starts like a loopback address is not one: the token would cross the network in clear.
    assert.throws(
      () => validateBaseUrl('http://127.evil.example', 'The Helcim base URL'),
      /The Helcim base URL must use https:\/\/ for 127\.evil\.example: plain http is allowed only on this machine/,
    );
  });
});
