import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { LiveCache, planLiveCheck } from '../../src/core/providers/liveness';
import {
  BaselineIndex,
  emptyBaseline,
  parseBaseline,
  rebaseline,
  serializeBaseline,
} from '../../src/core/scanner/baseline';
import { secretHash } from '../../src/core/scanner/fingerprint';
import { replacementLines } from '../../src/core/scanner/fixes';
import { p521Key, startServer } from './fixtures';
import { secrets } from './secretFixtures';

const S = secrets();

describe('baseline core', () => {
  it('serialises sorted and unique, so an unchanged rewrite is byte-identical, and reads back', () => {
    const b = emptyBaseline();
    const e = (p: string, r: string) => ({ ruleId: r, path: p, secretHash: secretHash(b.salt, r, p) });
    const one = serializeBaseline({ ...b, entries: [e('z.js', 'jwt'), e('a.js', 'jwt'), e('a.js', 'jwt')] });
    const two = serializeBaseline({ ...b, entries: [e('a.js', 'jwt'), e('z.js', 'jwt')] });
    assert.equal(one, two);
    assert.deepEqual(
      parseBaseline(one).entries.map((x) => x.path),
      ['a.js', 'z.js'],
    );
    const index = new BaselineIndex(parseBaseline(one));
    assert.ok(index.has(e('a.js', 'jwt')));
    assert.ok(!index.has({ ...e('a.js', 'jwt'), ruleId: 'other' }));
    const r = rebaseline(b, b.salt, [e('a.js', 'jwt')]);
    assert.deepEqual([r.added, r.kept, r.dropped], [1, 0, 0]);
  });

  it('the salted hash depends on salt, rule and secret, and is 32 hex digits', () => {
    const h = secretHash('00', 'r', S.stripeLive);
    assert.match(h, /^[0-9a-f]{32}$/);
    assert.notEqual(h, secretHash('01', 'r', S.stripeLive));
    assert.notEqual(h, secretHash('00', 'q', S.stripeLive));
  });
});

describe('git filter-repo replacement lines', () => {
  it('a token is one literal; a PEM key is its body lines (replace-text works line by line)', () => {
    assert.deepEqual(replacementLines(S.stripeLive), [`${S.stripeLive}==>***REMOVED***`]);
    const lines = replacementLines(S.pem);
    const body = S.pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    assert.equal(lines.length, body.filter((l) => l.length >= 16).length);
    assert.ok(lines.every((l) => l.endsWith('==>***REMOVED***') && !l.includes('BEGIN')));
  });
});

describe('is it live? verdicts', () => {
  const serve = (status: number) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end('{}');
  };
  const verdict = async (ruleId: string, secret: string, status: number, gr4vy = false) => {
    const s = await startServer(serve(status));
    try {
      const where = gr4vy ? { instanceId: 'acme', environment: 'sandbox' as const } : undefined;
      const plan = await planLiveCheck(ruleId, secret, {
        baseUrls: { helcim: s.url, stripe: s.url, gr4vy: s.url },
        instances: where ? { gr4vy: where } : {},
      });
      assert.ok('run' in plan);
      return (await plan.run({ timeoutMs: 2000 })).verdict;
    } finally {
      await s.close();
    }
  };

  it('2xx is live; a refused credential is rejected; a recognised one without rights is live; other answers are unknown', async () => {
    assert.equal(await verdict('stripe-secret-key', S.stripeLive, 200), 'live');
    assert.equal(await verdict('stripe-secret-key', S.stripeLive, 401), 'rejected');
    assert.equal(await verdict('stripe-restricted-key', S.stripeRestricted, 403), 'live');
    assert.equal(await verdict('stripe-secret-key', S.stripeLive, 500), 'unknown');
    assert.equal(await verdict('stripe-secret-key', S.stripeLive, 429), 'unknown');
    assert.equal(await verdict('helcim-api-token', S.helcim, 403), 'rejected');
    // Helcim answers 401 when no token arrived (a proxy dropped it): that says nothing about the token.
    assert.equal(await verdict('helcim-api-token', S.helcim, 401), 'unknown');
    const key = p521Key().pkcs8;
    assert.equal(await verdict('private-key-pem', key, 401, true), 'rejected');
    assert.equal(await verdict('private-key-pem', key, 403, true), 'live');
  });

  it('a Gr4vy key needs its instance; other keys and rules cannot be checked', async () => {
    const need = await planLiveCheck('private-key-pem', p521Key().pkcs8);
    assert.ok('needsInstance' in need);
    assert.deepEqual([need.provider, need.providerId, need.question.flag], ['Gr4vy', 'gr4vy', 'gr4vy']);
    assert.throws(() => need.question.validate('not an id!'), /instance/i);
    const rsa = (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    assert.ok('unsupported' in (await planLiveCheck('private-key-pem', pem)));
    assert.ok('unsupported' in (await planLiveCheck('jwt', 'a.b.c')));
  });

  it('the cache keeps live and rejected verdicts, not unknown ones', () => {
    const c = new LiveCache();
    c.set('a', { verdict: 'unknown', reason: 'timeout', message: '' });
    c.set('b', { verdict: 'live', reason: 'connected', message: '' });
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b')?.verdict, 'live');
  });
});
