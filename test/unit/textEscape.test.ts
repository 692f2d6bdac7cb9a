import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blankUnsafe, escapeOutput, escapeText, pathToUriReference } from '../../src/core/text/escape';

const ESC = '\x1b';
const BEL = '\x07';
/** Every character a terminal may obey instead of showing, as escapeText must escape it. */
const UNSAFE = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
  '\u061c',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  ...['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'],
];

describe('escapeText: text from outside prints as itself, on one line', () => {
  it('escapes every C0, C1, DEL, line separator and bidi control, visibly', () => {
    for (const c of UNSAFE) {
      const out = escapeText(`a${c}b`);
      assert.ok(out.startsWith('a\\') && out.endsWith('b') && out.length > 3, JSON.stringify(out));
      assert.ok(!out.includes(c), `U+${c.charCodeAt(0).toString(16)}`);
    }
    assert.equal(escapeText(`a${ESC}]0;OWNED${BEL}.js\nx.js:9:9: error`), 'a\\x1b]0;OWNED\\x07.js\\nx.js:9:9: error');
    assert.equal(escapeText('\r\t\x00\x7f\x9b\u202e\u2028'), '\\r\\t\\x00\\u007f\\u009b\\u202e\\u2028');
  });
  it('leaves ordinary text alone: letters of any script, quotes, bullets, backslashes', () => {
    for (const s of ['src/a b.ts', 'C:\\repo\\a.ts', 'Zoë Łukasz 山田 עברית', '“quoted” ••••abcd', 'emoji 🙂']) {
      assert.equal(escapeText(s), s);
    }
  });
  it('escapeOutput keeps line feeds and keeps JSON valid, with the same meaning', () => {
    assert.equal(escapeOutput(`one${ESC}[2K\ntwo\r\n`), 'one\\x1b[2K\ntwo\\r\n');
    const value = { path: `a${ESC}b\u202e\u0085\u007f\u2028c`, n: 1 };
    const json = escapeOutput(JSON.stringify(value, null, 2));
    assert.deepEqual(JSON.parse(json), value);
    for (const c of UNSAFE.filter((x) => x !== '\n')) assert.ok(!json.includes(c));
  });
  it('blankUnsafe turns runs into one space (provider messages)', () => {
    assert.equal(blankUnsafe(`bad${ESC}[31m\u202e\u0085token`), 'bad [31m token');
  });
});

describe('pathToUriReference: SARIF artifact URIs', () => {
  it('percent-encodes what is not unreserved, keeps /, and decodes back to the path', () => {
    const cases: [string, string][] = [
      ['src/a.ts', 'src/a.ts'],
      ['src/my file#1?.ts', 'src/my%20file%231%3F.ts'],
      ['100%/x.ts', '100%25/x.ts'],
      [`a${ESC}]0;T${BEL}\nb.js`, 'a%1B%5D0%3BT%07%0Ab.js'],
      ['café/é.ts', 'caf%C3%A9/%C3%A9.ts'],
      ['c:/x.ts', 'c%3A/x.ts'],
    ];
    for (const [p, uri] of cases) {
      assert.equal(pathToUriReference(p), uri);
      assert.equal(decodeURIComponent(uri), p);
      assert.match(uri, /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/, 'only RFC 3986 characters');
    }
    assert.equal(pathToUriReference('a\ud800b'), 'a%EF%BF%BDb', 'an unpaired surrogate does not throw');
  });
});
