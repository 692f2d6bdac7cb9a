import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { cli } from './cliHarness';
import { gr4vyStandIn } from '../standIns/gr4vy';
import { type Started, gr4vyHandler, helcimHandler, helcimToken, p521Key, startServer } from './fixtures';

describe('payapi test helcim', () => {
  const token = helcimToken();
  let server: Started;
  before(async () => {
    server = await startServer(helcimHandler(token));
  });
  after(async () => {
    await server.close();
  });

  it('connected: one line, exit 0, token from HELCIM_API_TOKEN', async () => {
    const r = await cli(['test', 'helcim', '--base-url', server.url], { env: { HELCIM_API_TOKEN: token } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^connected: Connected to Helcim in \d+ ms \(HTTP 200\)\n$/);
  });
  it('token from standard input with --token-stdin', async () => {
    const r = await cli(['test', 'helcim', '--base-url', server.url, '--token-stdin'], { stdin: `${token}\n` });
    assert.equal(r.code, 0, r.stderr);
  });
  it('rejected: exit 1 with the reason and what to do; the token is never printed', async () => {
    const wrong = helcimToken();
    const r = await cli(['test', 'helcim', '--base-url', server.url], { env: { HELCIM_API_TOKEN: wrong } });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^not connected \(forbidden\): Helcim rejected the api-token \(HTTP 403\): “Unauthorized”\n {2}The token is wrong/,
    );
    assert.ok(!(r.stdout + r.stderr).includes(wrong));
  });
  it('a server that echoes the token JSON-escaped (\\u0061…): the token is never printed, only its mask', async () => {
    const escaped = (t: string) => [...t].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const echo = await startServer((req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(`{"errors":"invalid token ${escaped(String(req.headers['api-token']))}"}`);
    });
    try {
      const sent = helcimToken();
      const r = await cli(['test', 'helcim', '--base-url', echo.url], { env: { HELCIM_API_TOKEN: sent } });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^not connected \(forbidden\): .*“invalid token ••••••••.{4}”/);
      for (let i = 0; i + 8 <= sent.length; i++) assert.ok(!(r.stdout + r.stderr).includes(sent.slice(i, i + 8)));
    } finally {
      await echo.close();
    }
  });
  it('timeout: exit 1 naming the host and limit', async () => {
    const silent = await startServer(() => undefined);
    try {
      const r = await cli(['test', 'helcim', '--base-url', silent.url, '--timeout-ms', '200'], {
        env: { HELCIM_API_TOKEN: token },
      });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /not connected \(timeout\): No answer from 127\.0\.0\.1:\d+ within 200 ms/);
    } finally {
      await silent.close();
    }
  });
  it('refuses a token on the command line, a missing token, bad options: exit 2', async () => {
    const argv = await cli(['test', 'helcim', `--token=${token}`]);
    assert.equal(argv.code, 2);
    assert.match(argv.stderr, /--token is not accepted: secrets on the command line are visible/);
    assert.ok(!argv.stderr.includes(token));
    assert.match((await cli(['test', 'helcim'])).stderr, /Set HELCIM_API_TOKEN/);
    assert.equal((await cli(['test', 'helcim', '--frob'], { env: { HELCIM_API_TOKEN: token } })).code, 2);
    const t = await cli(['test', 'helcim', '--timeout-ms', 'soon'], { env: { HELCIM_API_TOKEN: token } });
    assert.equal(t.code, 2);
    assert.match(t.stderr, /--timeout-ms must be a whole number/);
    const bad = await cli(['test', 'helcim'], { env: { HELCIM_API_TOKEN: 'short' } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /The api-token is not usable: The api-token is too short/);
    const http = await cli(['test', 'helcim', '--base-url', 'http://api.helcim.com'], {
      env: { HELCIM_API_TOKEN: token },
    });
    assert.equal(http.code, 2);
    assert.match(http.stderr, /must use https/);
    assert.equal((await cli(['test', 'stripe'])).code, 2);
  });
});

describe('payapi test gr4vy', () => {
  let k: ReturnType<typeof p521Key>;
  let server: Started;
  before(async () => {
    k = p521Key();
    server = await startServer(gr4vyHandler(k.publicKey));
  });
  after(async () => {
    await server.close();
  });

  it('connected with a key file; exit 0', async () => {
    const r = await cli(
      [
        'test',
        'gr4vy',
        '--instance',
        'acme',
        '--key',
        'key.pem',
        '--base-url',
        server.url,
        '--merchant-account-id',
        'default',
      ],
      { files: { 'key.pem': k.sec1 } },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^connected: Connected to Gr4vy/);
  });
  it('key from standard input with --key -', async () => {
    const r = await cli(['test', 'gr4vy', '--instance', 'acme', '--key', '-', '--base-url', server.url], {
      stdin: JSON.stringify(k.jwk),
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
  it("--scopes overrides the probe token's *.read: scopes that read none of the probes exit 1", async () => {
    const standIn = await startServer(gr4vyStandIn([{ publicKey: k.publicKey, role: 'full' }]));
    try {
      const args = ['test', 'gr4vy', '--instance', 'acme', '--key', 'key.pem', '--base-url', standIn.url];
      const none = await cli([...args, '--scopes', 'checkout-sessions.write'], { files: { 'key.pem': k.pkcs8 } });
      assert.equal(none.code, 1);
      assert.match(none.stdout, /not connected \(noReadableResource\): .*could read none of buyers/);
      const some = await cli([...args, '--scopes', 'payment-services.read'], { files: { 'key.pem': k.pkcs8 } });
      assert.equal(some.code, 0, some.stdout);
      assert.match(some.stdout, /read payment-services; could not read buyers and transactions/);
    } finally {
      await standIn.close();
    }
  });
  it('a missing file, a public key, a missing option, a bad environment: exit 2 with the reason', async () => {
    const missing = await cli(['test', 'gr4vy', '--instance', 'acme', '--key', 'nope.pem']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the key file nope\.pem: no such file/);
    const pub = await cli(['test', 'gr4vy', '--instance', 'acme', '--key', 'pub.pem'], {
      files: { 'pub.pem': k.publicKey.export({ format: 'pem', type: 'spki' }).toString() },
    });
    assert.equal(pub.code, 2);
    assert.match(pub.stderr, /The key in pub\.pem is not usable: This is a public key/);
    assert.match((await cli(['test', 'gr4vy', '--key', 'k'])).stderr, /--instance ID is required/);
    assert.match(
      (await cli(['test', 'gr4vy', '--instance', 'a', '--key', 'k', '--environment', 'live'])).stderr,
      /--environment must be sandbox or production/,
    );
  });
});

describe('the built CLI', () => {
  it(
    'runs `test helcim` end to end as a process (undici loaded from dist/undici.js)',
    { skip: !existsSync('dist/cli.js') && 'run npm run build first' },
    async () => {
      const token = helcimToken();
      const server = await startServer(helcimHandler(token));
      try {
        const ok = await run(['test', 'helcim', '--base-url', server.url], {
          ...process.env,
          HELCIM_API_TOKEN: token,
        });
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /^connected: /);
        const bad = await run(['test', 'helcim', '--base-url', server.url], {
          ...process.env,
          HELCIM_API_TOKEN: helcimToken(),
        });
        assert.equal(bad.code, 1);
      } finally {
        await server.close();
      }
    },
  );
});

/** Runs dist/cli.js in node (as npm's bin shim does on Windows, where a #! line is not obeyed). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/cli.js', ...args], { env, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
