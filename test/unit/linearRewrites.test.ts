// The patterns rewritten for linear time (issue 18) still find what they found: JWTs, PEM blocks,
// header values, durations, base URLs, credentials in error messages, names in config.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scrubCause, withoutTrailingSlashes } from '../../src/core/http/request';
import { JWT_PATTERN } from '../../src/core/jwt/decode';
import { parseDuration } from '../../src/core/jwt/claimInput';
import { findPemBlock, normaliseKeyText } from '../../src/core/keys/keyText';
import { SectionIndex, valueName, valueParents } from '../../src/core/scanner/keyPath';
import { isPlaceholder } from '../../src/core/scanner/placeholder';
import { scan } from '../../src/core/scanner/scan';
import { parseRawRequest } from '../../src/core/webhooks/rawRequest';
import { pemLabel } from './fixtures';
import { secrets } from './secretFixtures';

const jwtsIn = (text: string) => [...text.matchAll(JWT_PATTERN)].map((m) => [m.index, m[0]]);

describe('linear-time rewrites keep their matches', () => {
  const s = secrets();

  it('JWT_PATTERN: a token where a run of base64url characters starts', () => {
    for (const before of ['', ' ', '\n', '=', '"', "'", '.', ':', '(', 'Bearer ']) {
      assert.deepEqual(jwtsIn(`${before}${s.jwt}&x`), [[before.length, s.jwt]], JSON.stringify(before));
    }
    // Not from inside a longer run: `\b` never matched after a letter, digit or `_` either. A `-`
    // before `eyJ` no longer starts a token: starting there made a run of `eyJ-` quadratic.
    for (const before of ['a', '0', '_', '-']) assert.deepEqual(jwtsIn(`${before}${s.jwt}`), [], before);
  });

  it('the jwt rule still runs on a token at the start of a text or of a line', () => {
    for (const text of [s.jwt, `token:\n${s.jwt}`, `{"t":"${s.jwt}"}`]) {
      assert.deepEqual(
        scan(text).map((f) => f.ruleId),
        ['jwt'],
        text.slice(0, 10),
      );
    }
  });

  it('a private key after stray BEGIN lines is still found (the last header before END is read)', () => {
    const stray = `${pemLabel('PRIVATE KEY', 'BEGIN')}\n`.repeat(3);
    const text = `${stray}${s.pem}`;
    const found = scan(text).filter((f) => f.ruleId === 'private-key-pem');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.start, text.indexOf(s.pem));
  });

  it('a PGP-style checksum line is still cut off, with quotes and glue after it', () => {
    const body = s.pem.split('\n').slice(1, -2).join('\n');
    const block = [pemLabel('PRIVATE KEY', 'BEGIN'), body, '=AbCd "  +', pemLabel('PRIVATE KEY', 'END')].join('\n');
    assert.deepEqual(
      scan(block).map((f) => f.ruleId),
      ['private-key-pem'],
    );
  });

  it('keys as text: one-line PEM, cut-off PEM', () => {
    const label = 'EC PRIVATE KEY';
    const oneLine = `${pemLabel(label, 'BEGIN')} QUJD REVG   \t${pemLabel(label, 'END')}`;
    assert.equal(normaliseKeyText(oneLine), `${pemLabel(label, 'BEGIN')}\nQUJD REVG\n${pemLabel(label, 'END')}`);
    assert.deepEqual(findPemBlock(`x\n${pemLabel(label, 'BEGIN')}\nQUJD\nREVG\n`), {
      label,
      lines: ['QUJD', 'REVG'],
      endLabel: undefined,
    });
    assert.deepEqual(findPemBlock(`${pemLabel(label, 'BEGIN')}\nQUJD\n${pemLabel('OTHER', 'END')}\nX`), {
      label,
      lines: ['QUJD'],
      endLabel: 'OTHER',
    });
  });

  it('raw requests: header values lose the spaces and tabs around them, nothing else', () => {
    const r = parseRawRequest('POST / HTTP/1.1\nA: \t v 1 \t\nB:\t \t\nC:\u00a0x\u00a0\n\n{}');
    assert.deepEqual(
      [...r.headers],
      [
        ['a', ['v 1']],
        ['b', ['']],
        ['c', ['\u00a0x\u00a0']],
      ],
    );
    assert.throws(() => parseRawRequest('A: 1\rB\n\n{}'), /not a header/);
  });

  it('durations, base URLs, credentials in error messages', () => {
    assert.equal(parseDuration(' 30 s '), 30);
    assert.equal(parseDuration('2D'), 172_800);
    assert.throws(() => parseDuration('30 s x'), /not a duration/);
    assert.equal(withoutTrailingSlashes('https://a.example//'), 'https://a.example');
    assert.equal(withoutTrailingSlashes('///'), '');
    assert.equal(
      scrubCause(new Error('GET https://user:pa:ss@host/x failed')).message,
      'GET https://[credentials removed]@host/x failed',
    );
  });

  it('placeholders in angle brackets', () => {
    assert.ok(isPlaceholder('<your-token>'));
    assert.ok(isPlaceholder('<<your-token>'));
    assert.ok(!isPlaceholder('aB3x9Qz7<aB3x9Qz7aB3x'));
  });

  it('config names: dotted names, PHP .=, TOML sections, YAML and object parents', () => {
    const name = (before: string, value = 'v4lue') => valueName(before + value, before.length, before.length + 5)?.name;
    assert.equal(name('config.helcim.token = "'), 'config.helcim.token');
    assert.equal(name('$token .= "'), '$token');
    assert.equal(name('$token.= "'), '$token');
    assert.equal(name('a..b = "'), 'a..b');
    assert.equal(name("define('HELCIM_TOKEN', '"), 'HELCIM_TOKEN');
    const toml = '[other]\nx = 1\n[[helcim.accounts]]\ntoken = "v4lue"\n';
    assert.equal(new SectionIndex(toml).at(toml.indexOf('v4lue')), 'helcim.accounts');
    const parents = (text: string) => valueParents(text, text.indexOf('v4lue'));
    assert.deepEqual(parents('{"helcim": {"x": 1, "token": "v4lue"}}'), ['helcim']);
    assert.deepEqual(parents("$cfg = ['helcim' => ['token' => 'v4lue']];"), ['helcim', '$cfg']);
    assert.deepEqual(parents('this.helcim = { token: "v4lue" }'), ['this.helcim']);
    assert.deepEqual(parents('helcim:\n  - prod:\n      token: v4lue\n'), ['prod', 'helcim']);
  });
});
