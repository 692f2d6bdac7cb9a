// `npm run verify:live`: confirms against a real Gr4vy sandbox what the extension took from Gr4vy's
// docs: the RS512 header and RSA kid, 401 against 403, what each role's key can read. Skipped
// unless its environment names an instance and key files. Prints a report to paste into an issue:
// key ids (public), algorithms, statuses and error codes; never a key, a token or a response body.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeJwt } from '../../src/core/jwt/decode';
import { httpGet, withoutTrailingSlashes } from '../../src/core/http/request';
import { readGr4vyKey } from '../../src/core/providers/gr4vy/key';
import { gr4vyBaseUrl } from '../../src/core/providers/gr4vy/connection';
import { validateInstanceId } from '../../src/core/providers/gr4vy/fields';
import { keyPairFacts } from '../../src/core/providers/gr4vy/lookups';
import { signGr4vyToken } from '../../src/core/providers/gr4vy/token';
import type { SigningKey } from '../../src/core/keys/privateKey';
import { TOOL_ID } from '../../src/core/version';

const ENV = {
  instance: 'PAYAPI_LIVE_GR4VY_INSTANCE',
  keys: 'PAYAPI_LIVE_GR4VY_KEY_FILES',
  environment: 'PAYAPI_LIVE_GR4VY_ENVIRONMENT',
  baseUrl: 'PAYAPI_LIVE_GR4VY_BASE_URL',
} as const;

/** Read endpoints, one per kind of access the roles describe. */
const PROBES = ['buyers', 'transactions', 'payment-services', 'reports', 'merchant-accounts', 'api-key-pairs', 'roles'];

/** Gr4vy's error JSON, reduced to what is safe to paste: status and code, never the message text. */
function errorShape(body: string): string {
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    return `type=${String(o.type)} code=${String(o.code)} keys=${Object.keys(o).sort().join(',')}`;
  } catch {
    return 'not JSON';
  }
}

async function probe(base: string, key: SigningKey, resource: string): Promise<string> {
  const token = await signGr4vyToken(key, { scopes: ['*.read'], expiresInSeconds: 30 });
  const res = await httpGet(
    `${base}/${resource}?limit=1`,
    { accept: 'application/json', authorization: `bearer ${token}`, 'user-agent': TOOL_ID },
    { timeoutMs: 15_000 },
  );
  return res.status === 200 ? '200' : `${res.status} (${errorShape(res.body)})`;
}

export async function verifyLive(
  env: Record<string, string | undefined>,
  out: (line: string) => void,
): Promise<number> {
  const instance = env[ENV.instance];
  const files = (env[ENV.keys] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (!instance || files.length === 0) {
    out(`verify:live skipped: set ${ENV.instance} and ${ENV.keys} (comma-separated key files) to run it.`);
    return 0;
  }
  const environment = env[ENV.environment] === 'production' ? 'production' : 'sandbox';
  const base = withoutTrailingSlashes(env[ENV.baseUrl] ?? gr4vyBaseUrl(validateInstanceId(instance), environment));
  out(`# Gr4vy live check (${environment}, ${new Date().toISOString().slice(0, 10)}, ${TOOL_ID})`);
  const stranger = await readGr4vyKey(
    generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
  );
  out(`- an unknown key (kid ${stranger.kid}): GET /buyers → ${await probe(base, stranger, 'buyers')}`);
  for (const [i, file] of files.entries()) {
    const key = await readGr4vyKey(readFileSync(file, 'utf8'));
    const header = decodeJwt(await signGr4vyToken(key, { scopes: ['*.read'] })).header;
    out(`\n## key ${i + 1}: ${key.keyType}, kid ${key.kid}`);
    out(`- token header: ${JSON.stringify(header)}`);
    for (const resource of PROBES) out(`- GET /${resource} → ${await probe(base, key, resource)}`);
    const facts = await keyPairFacts({ key, instanceId: instance, environment }, { baseUrl: base, timeoutMs: 15_000 });
    if (facts) {
      out(
        `- Gr4vy lists it: algorithm ${facts.algorithm}, roles ${facts.roles.map((r) => r.name).join(', ') || '(none)'}`,
      );
      for (const r of facts.roles) out(`  - ${r.name}: ${r.scopes.join(' ')}`);
    } else {
      out('- GET /api-key-pairs did not list it (not readable with this key, or not matched by kid)');
    }
  }
  return 0;
}

if (require.main === module) {
  verifyLive(process.env, (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`verify:live failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
