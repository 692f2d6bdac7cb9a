// `payapi request FILE`: a .http file's request sent with a credential the file does not hold,
// against stand-ins that enforce what Helcim and Gr4vy document.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { cli } from './cliHarness';
import { type Started, helcimToken, startServer } from './fixtures';
import { type StandInLog, gr4vyStandIn } from '../standIns/gr4vy';
import { HELCIM_TEST_VISA, type HelcimStandInLog, helcimStandIn } from '../standIns/helcim';

const FILE = `@helcim = https://api.helcim.com/v2

### A test purchase
# @name purchase
POST {{helcim}}/payment/purchase
content-type: application/json

{"ipAddress": "192.0.2.1", "currency": "CAD", "amount": 10.5, "cardData": {"cardNumber": "${HELCIM_TEST_VISA}", "cardExpiry": "0128", "cardCVV": "100"}}

### # @name ping
# @name ping
GET {{helcim}}/connection-test

###
# @name transactions
GET https://api.sandbox.acme.gr4vy.app/transactions?limit=2

###
# @name session
POST https://api.sandbox.acme.gr4vy.app/checkout/sessions
content-type: application/json

{}

###
# @name home
GET https://api.helcim.com/v2/connection-test?home={{$processEnv HOME}}

###
# @name lookalike
GET https://api.helcim.com.evil.example/v2/connection-test
`;

describe('payapi request', () => {
  const token = helcimToken();
  const helcimLog: HelcimStandInLog = { requests: [], charged: 0 };
  const gr4vyLog: StandInLog = { requests: [], claims: [] };
  const pair = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  let helcim: Started;
  let gr4vy: Started;
  const files = () => ({
    'api.http': FILE,
    'key.pem': pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  });
  before(async () => {
    helcim = await startServer(helcimStandIn(token, helcimLog));
    gr4vy = await startServer(gr4vyStandIn([{ publicKey: pair.publicKey, role: 'full' }], gr4vyLog));
  });
  after(async () => {
    await helcim.close();
    await gr4vy.close();
  });
  const run = (args: string[], opts: { env?: Record<string, string>; answers?: string[] } = {}) =>
    cli(['request', 'api.http', ...args], { files: files(), ...opts });

  it('a Helcim purchase: needs --yes without a terminal, then approved (exit 0), masked', async () => {
    const env = { HELCIM_API_TOKEN: token };
    const refused = await run(['--name', 'purchase', '--base-url', helcim.url], { env });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /moves money \(a purchase of 10\.5 CAD .*add --yes/);
    assert.equal(helcimLog.charged, 0);
    const s = await run(['--name', 'purchase', '--base-url', helcim.url, '--yes'], { env });
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /^HTTP 200 \(\d+ ms\)\n[^]*"status": "APPROVED"/);
    assert.match(s.stderr, /A new idempotency-key was generated/);
    assert.ok(!`${s.stdout}${s.stderr}`.includes(token));
    const asked = await run(['--name', 'purchase', '--base-url', helcim.url], { env, answers: ['n'] });
    assert.equal(asked.code, 1);
    assert.match(asked.stdout, /not sent/);
    assert.equal(helcimLog.charged, 1);
  });

  it('prints the idempotency-key it sent; the same purchase again with --idempotency-key KEY charges once', async () => {
    const env = { HELCIM_API_TOKEN: token };
    const purchase = ['--name', 'purchase', '--base-url', helcim.url, '--yes'];
    const charged = helcimLog.charged;
    const bodyOf = (stdout: string) => stdout.slice(stdout.indexOf('\n\n'));
    const keyIn = (stderr: string) => /add --idempotency-key ([A-Za-z0-9]{25})\n/.exec(stderr)?.[1];
    const first = await run(purchase, { env });
    assert.equal(first.code, 0, first.stderr);
    const key = keyIn(first.stderr);
    assert.ok(key, `the key is printed: ${first.stderr}`);
    const again = await run([...purchase, '--idempotency-key', key], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(helcimLog.requests.at(-1) ?? '', /\(replay\)$/);
    assert.equal(bodyOf(again.stdout), bodyOf(first.stdout), "Helcim's first answer");
    assert.equal(helcimLog.charged, charged + 1, 'charged once');
    // A process remembers nothing between runs: without the key, a run is a new payment.
    const other = await run(purchase, { env });
    assert.equal(other.code, 0, other.stderr);
    assert.equal(helcimLog.charged, charged + 2);
    const otherKey = keyIn(other.stderr);
    assert.ok(otherKey && otherKey !== key, 'a new key, printed');
    // Helcim takes a UUID too.
    const uuid = await run([...purchase, '--idempotency-key', randomUUID()], { env });
    assert.equal(uuid.code, 0, uuid.stderr);
    assert.equal(helcimLog.charged, charged + 3);
  });

  it('an --idempotency-key that is not one, or on a request that takes none, exits 2 and sends nothing', async () => {
    const env = { HELCIM_API_TOKEN: token };
    const sent = helcimLog.requests.length;
    const uuidWithoutDashes = randomUUID().replaceAll('-', '');
    for (const bad of ['', 'not-a-key', 'A'.repeat(24), 'A'.repeat(26), `${'A'.repeat(24)}é`, uuidWithoutDashes]) {
      const s = await run(['--name', 'purchase', '--base-url', helcim.url, '--yes', `--idempotency-key=${bad}`], {
        env,
      });
      assert.equal(s.code, 2, bad);
      assert.match(s.stderr, /--idempotency-key must be 25 letters and digits .* or a UUID/, bad);
      if (bad) assert.ok(!s.stderr.includes(bad), 'the value is not repeated (it may be a secret in the wrong place)');
    }
    const ping = await run(['--name', 'ping', '--base-url', helcim.url, '--idempotency-key', 'A'.repeat(25)], { env });
    assert.equal(ping.code, 2);
    assert.match(ping.stderr, /--idempotency-key goes only with a request that takes one/);
    const gone = await run(['--name', 'purchase', '--base-url', helcim.url, '--yes', '--new-payment'], { env });
    assert.equal(gone.code, 2, 'every run is a new payment: --new-payment is gone');
    assert.equal(helcimLog.requests.length, sent);
  });

  it('a wrong token exits 1; a dry run shows the request with the token masked and sends nothing', async () => {
    const wrong = await run(['--name', 'ping', '--base-url', helcim.url], { env: { HELCIM_API_TOKEN: helcimToken() } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /^HTTP 403/);
    const before = helcimLog.requests.length;
    const dry = await run(['--name', 'ping', '--dry-run'], { env: { HELCIM_API_TOKEN: token } });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^GET https:\/\/api\.helcim\.com\/v2\/connection-test\n/);
    assert.match(dry.stdout, /^api-token: •+/m);
    assert.ok(!dry.stdout.includes(token));
    assert.equal(helcimLog.requests.length, before);
  });

  it('a Gr4vy transaction list carries transactions.read only; a checkout session checkout-sessions.write', async () => {
    const list = await run(['--name', 'transactions', '--key', 'key.pem', '--base-url', gr4vy.url]);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(gr4vyLog.claims.at(-1)?.scopes, ['transactions.read']);
    const session = await run(['--name', 'session', '--key', 'key.pem', '--base-url', gr4vy.url]);
    assert.equal(session.code, 0, session.stderr);
    assert.match(session.stdout, /^HTTP 201[^]*"checkout-session"/);
    assert.deepEqual(gr4vyLog.claims.at(-1)?.scopes, ['checkout-sessions.write']);
  });

  it('nothing is evaluated or sent for {{$processEnv HOME}}; a lookalike host is not a provider; an unknown --name is usage', async () => {
    const env = { HELCIM_API_TOKEN: token, HOME: '/home/someone' };
    const before = helcimLog.requests.length;
    const home = await run(['--name', 'home', '--base-url', helcim.url], { env });
    assert.equal(home.code, 2);
    assert.match(home.stderr, /\{\{\$processEnv HOME\}\}, which Payment API Toolkit never evaluates/);
    assert.ok(!`${home.stdout}${home.stderr}`.includes('/home/someone'));
    const look = await run(['--name', 'lookalike'], { env });
    assert.equal(look.code, 2);
    assert.match(look.stderr, /api\.helcim\.com\.evil\.example is not the API host of a provider/);
    assert.equal(helcimLog.requests.length, before);
    const unknown = await run(['--name', 'nope'], { env });
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /No request is named "nope" \(names: purchase, ping, transactions, session, home, lookalike\)/,
    );
    const several = await run([], { env });
    assert.equal(several.code, 2);
    assert.match(several.stderr, /holds 6 requests: pick one with --name NAME or --line N/);
  });
});
