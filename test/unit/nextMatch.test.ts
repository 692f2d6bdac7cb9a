// nextMatch: a walk over a global pattern's matches that starts each search at the first of its
// literals (found by the prefilter's quick pass) finds exactly what re.exec finds, match for match.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDER_WORDS } from '../../src/core/scanner/exposure/names';
import { LOGGED_SOURCES } from '../../src/core/scanner/exposure/logNames';
import { nextMatch } from '../../src/core/scanner/nextMatch';
import { Prefilter } from '../../src/core/scanner/prefilter';
import { anchorRule, rng } from './fixtures';

/** Every match as `index:text`, walked with re.exec from `from`. */
function byExec(re: RegExp, text: string, from = 0): string[] {
  const out: string[] = [];
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(`${m.index}:${m[0]}`);
  return out;
}
function byNextMatch(re: RegExp, lead: number, text: string, from = 0): string[] {
  const out: string[] = [];
  for (let m = nextMatch(re, lead, text, from); m; m = nextMatch(re, lead, text, re.lastIndex))
    out.push(`${m.index}:${m[0]}`);
  return out;
}

describe('nextMatch finds what re.exec finds', () => {
  // The pattern secret-in-log walks to find where a file sets a name from a provider's secret.
  const hit = new RegExp([PROVIDER_WORDS, ...LOGGED_SOURCES.map((x) => x.inCode)].join('|'), 'gi');

  it('the provider-word walk, on generated code (words in every case, `$secretToken`, overlaps)', () => {
    const r = rng(0x6e78);
    const parts = [
      'stripe',
      'STRIPE',
      'payment',
      'payments',
      'paymentsquare',
      'cko',
      'checkoutcom',
      '$',
      'secretToken',
    ];
    parts.push('SECRET_TOKEN', 'secret_token', 'x', '_', ' ', '.', '\n', 'é', 'gr4vy', 'helcim', 'rzp', 'a1');
    let matches = 0;
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 1 + r.int(30) }, () => r.pick(parts)).join('');
      const from = r.int(text.length + 1);
      const want = byExec(hit, text, from);
      matches += want.length;
      assert.deepEqual(byNextMatch(hit, 1, text, from), want, `${JSON.stringify(text)} from ${from}`);
    }
    assert.ok(matches > 10_000, `the texts hold matches (${matches})`);
  });

  it('a pattern whose match begins before its literal, by at most the lead', () => {
    const re = /(?:ab)?cdef|xyz/g;
    const r = rng(5);
    for (let k = 0; k < 2000; k++) {
      const text = Array.from({ length: r.int(20) }, () => r.pick(['ab', 'cdef', 'xyz', 'a', 'c', 'x'])).join('');
      assert.deepEqual(byNextMatch(re, 2, text), byExec(re, text), JSON.stringify(text));
    }
  });

  it('firstLiteral: the leftmost start, not the first end; -1 when none is left', () => {
    const p = new Prefilter([anchorRule('t', /abcdefgh|efg/)]);
    assert.equal(p.firstLiteral('xxabcdefghxx', 0), 2);
    assert.equal(p.firstLiteral('xxabcdefghxx', 3), 6);
    assert.equal(p.firstLiteral('xxabcdefghxx', 7), -1);
    assert.equal(p.firstLiteral('', 0), -1);
  });
});
