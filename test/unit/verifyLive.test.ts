// `npm run verify:live` against the role-enforcing stand-in: what its report says, and that it
// carries no key, token or response text.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyLive } from '../live/verifyLive';
import { type Started, startServer } from './fixtures';
import { gr4vyStandIn } from '../standIns/gr4vy';

describe('npm run verify:live', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const system = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  const dir = mkdtempSync(path.join(tmpdir(), 'payapi-live-'));
  const files = [path.join(dir, 'rsa.pem'), path.join(dir, 'system.pem')];
  let server: Started;
  before(async () => {
    writeFileSync(files[0] ?? '', rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }));
    writeFileSync(files[1] ?? '', system.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    server = await startServer(
      gr4vyStandIn([
        { publicKey: rsa.publicKey, role: 'full' },
        { publicKey: system.publicKey, role: 'systemManagement' },
      ]),
    );
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is skipped, saying how to run it, without its environment', async () => {
    const lines: string[] = [];
    assert.equal(await verifyLive({}, (l) => lines.push(l)), 0);
    assert.match(lines.join('\n'), /skipped: set PAYAPI_LIVE_GR4VY_INSTANCE and PAYAPI_LIVE_GR4VY_KEY_FILES/);
  });

  it('reports the RS512 header and kid, 401 for an unknown key, what each key reads, and no secret', async () => {
    const lines: string[] = [];
    const code = await verifyLive(
      {
        PAYAPI_LIVE_GR4VY_INSTANCE: 'acme',
        PAYAPI_LIVE_GR4VY_KEY_FILES: files.join(','),
        PAYAPI_LIVE_GR4VY_BASE_URL: server.url,
      },
      (l) => lines.push(l),
    );
    assert.equal(code, 0);
    const report = lines.join('\n');
    assert.match(report, /an unknown key \(kid [\w-]+\): GET \/buyers → 401 \(type=error code=unauthorized/);
    assert.match(
      report,
      /## key 1: RSA 2048-bit, kid [\w-]{43}\n- token header: \{"typ":"JWT","alg":"RS512","kid":"[\w-]{43}"\}/,
    );
    assert.match(report, /Gr4vy lists it: algorithm RSA, roles Full access/);
    assert.match(
      report,
      /## key 2: EC P-521[^]*GET \/buyers → 403 \(type=error code=forbidden[^]*GET \/payment-services → 200/,
    );
    assert.doesNotMatch(report, /eyJ|PRIVATE KEY|-----/);
  });
});
