import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/scanner/rules';
import { type Finding, RESCAN_MARGIN, rescan, scan } from '../../src/core/scanner/scan';
import { isPlaceholder } from '../../src/core/scanner/placeholder';
import { rand, secrets } from './secretFixtures';

const S = secrets();
const ids = (text: string) => scan(text).map((f) => f.ruleId);

describe('scanner rules: must flag', () => {
  const cases: [string, string, string, string?][] = [
    ['Helcim token assigned to a HELCIM name (JS)', `const HELCIM_API_TOKEN = '${S.helcim}';`, 'helcim-api-token'],
    ['Helcim token in camelCase config', `config = { helcimApiToken: "${S.helcim}" }`, 'helcim-api-token'],
    ['Helcim token in .env', `HELCIM_API_TOKEN=${S.helcim}\n`, 'helcim-api-token'],
    [
      'Helcim token in an api-token header next to the Helcim host',
      `fetch('https://api.helcim.com/v2/connection-test', { headers: { 'api-token': '${S.helcim}' } })`,
      'helcim-api-token',
    ],
    [
      'Helcim token in a curl header',
      `curl https://api.helcim.com/v2/connection-test -H 'api-token: ${S.helcim}'`,
      'helcim-api-token',
    ],
    [
      'Helcim token in Python',
      `HELCIM_TOKEN = "${S.helcim}"\nrequests.get("https://api.helcim.com/v2/connection-test")`,
      'helcim-api-token',
    ],
    ['Stripe live key (error)', `stripe = Stripe('${S.stripeLive}')`, 'stripe-secret-key', 'error'],
    ['Stripe test key (warning)', `key: "${S.stripeTest}"`, 'stripe-secret-key', 'warning'],
    ['Stripe restricted key', `"${S.stripeRestricted}"`, 'stripe-restricted-key'],
    ['Stripe webhook secret', `WEBHOOK=${S.stripeWebhook}`, 'stripe-webhook-secret'],
    ['Square access token', `token = "${S.squareAccess}"`, 'square-access-token'],
    ['Square sq0atp token', `"${S.squareAtp}"`, 'square-access-token'],
    ['Square OAuth secret', `"${S.squareSecret}"`, 'square-oauth-secret'],
    ['Shopify access token', `'${S.shopify}'`, 'shopify-access-token'],
    ['Shopify shared secret', `'${S.shopifySecret}'`, 'shopify-shared-secret'],
    ['Plaid access token', `"${S.plaid}"`, 'plaid-access-token'],
    ['Braintree access token', `"${S.braintree}"`, 'braintree-access-token'],
    [
      'Braintree private key with context',
      `braintree.Configuration(private_key = "${S.braintreeKey}")`,
      'braintree-private-key',
    ],
    ['Adyen API key with context', `adyen.apiKey = "${S.adyen}"`, 'adyen-api-key'],
    ['Checkout.com sandbox key', `"${S.checkout}"`, 'checkout-secret-key', 'warning'],
    ['GoCardless token with context', `gocardless.Client(access_token="${S.gocardless}")`, 'gocardless-access-token'],
    [
      'Razorpay secret with context',
      `razorpay.Client(auth=("rzp_live_x", "${S.razorpaySecret}")) # key_secret = "${S.razorpaySecret}"`,
      'razorpay-key-secret',
    ],
    ['Mollie key with context', `mollie.setApiKey("${S.mollie}")`, 'mollie-api-key'],
    ['Paystack key (not Stripe)', `"${S.paystack}"`, 'paystack-secret-key'],
    ['Flutterwave key', `"${S.flutterwave}"`, 'flutterwave-secret-key'],
    ['PKCS#8 PEM', S.pem, 'private-key-pem'],
    ['SEC1 PEM', S.pemSec1, 'private-key-pem'],
    ['RSA PEM', S.rsaPem, 'private-key-pem'],
    ['PEM inside a JSON string with \\n escapes', JSON.stringify({ private_key: S.pem }), 'private-key-pem'],
    [
      'PEM in a YAML block scalar',
      `gr4vy:\n  private_key: |\n${S.pem
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}`,
      'private-key-pem',
    ],
    ['private JWK', S.jwkJson, 'private-key-jwk'],
    ['valid signed JWT (error)', `const t = "${S.jwt}";`, 'jwt', 'error'],
    ['expired JWT (info)', `const t = "${S.expiredJwt}";`, 'jwt', 'info'],
  ];
  for (const [name, text, rule, severity] of cases) {
    it(name, () => {
      const f = scan(text);
      assert.ok(
        f.some((x) => x.ruleId === rule),
        `${rule} not found in ${JSON.stringify(f.map((x) => x.ruleId))}`,
      );
      const hit = f.find((x) => x.ruleId === rule) as Finding;
      if (severity) assert.equal(hit.severity, severity);
      assert.ok(
        !JSON.stringify(f).includes(text.slice(hit.start, hit.end)) || hit.end - hit.start < 8,
        'a finding carries the secret',
      );
      assert.match(hit.preview, /^••••••••/);
    });
  }
  it('has at least 15 rules for other payment providers', () => {
    const others = new Set(RULES.filter((r) => !['Helcim', 'Generic'].includes(r.provider)).map((r) => r.id));
    assert.ok(others.size >= 15, `${others.size}`);
  });
});

describe('scanner rules: must not flag', () => {
  const decoys: [string, string][] = [
    ['an env lookup', 'const HELCIM_API_TOKEN = process.env.HELCIM_API_TOKEN;'],
    ['a Python env lookup', 'HELCIM_API_TOKEN = os.environ["HELCIM_API_TOKEN"]'],
    ['a placeholder token', "const helcimApiToken = 'your-helcim-api-token-here';"],
    ['a masked token', `const helcimToken = '••••••••${S.helcim.slice(-4)}';`],
    ['xxx placeholders', `HELCIM_API_TOKEN=${'x'.repeat(40)}`],
    ['a template placeholder', 'HELCIM_API_TOKEN=${HELCIM_API_TOKEN}'],
    [
      'an Api-Token header of another service (ActiveCampaign)',
      `fetch('https://acme.api-us1.com/api/3/contacts', { headers: { 'Api-Token': '${S.helcim}' } })`,
    ],
    ['a Helcim identifier, not a value', 'const helcimToken = helcimTokenFromEnvironmentVariable;'],
    ['Stripe redacted form', "const k = 'sk_live_ab****1234';"],
    ['Stripe key too short', `const k = 'sk_live_${rand('abcdefghijklmnopqrstuvwxyz0123456789', 10)}';`],
    ['a regex source', 'const re = /sk_live_[A-Za-z0-9]{24,99}/;'],
    ['Stripe docs example', `stripe.api_key = "${['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_')}"`],
    ['a PEM header alone', `const HEADER = '${S.label('PRIVATE KEY', 'BEGIN')}';`],
    ['a public key', S.publicPem],
    ['a PEM with a placeholder body', `${S.label('PRIVATE KEY', 'BEGIN')}\n...\n${S.label('PRIVATE KEY', 'END')}`],
    [
      'a public JWK',
      JSON.stringify({ kty: 'EC', crv: 'P-256', x: rand('abcdefghijklmnop', 43), y: rand('abcdefghijklmnop', 43) }),
    ],
    ['a "d" member outside a JWK', `{"d": "${rand('abcdefghijklmnopqrstuvwxyz', 40)}"}`],
    [
      'jwt.io example token',
      [
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
        'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
        'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      ].join('.'),
    ],
    [
      'an unsigned JWT',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"abcdefgh"}').toString('base64url')}.`,
    ],
    ['GoCardless-shaped value without context', `const x = "${S.gocardless}";`],
    ['Mollie-shaped value without context', `const x = "${S.mollie}";`],
  ];
  for (const [name, text] of decoys) it(name, () => assert.deepEqual(ids(text), []));
  it('isPlaceholder', () => {
    for (const p of [
      `sk_live_${'x'.repeat(24)}`,
      '<token>',
      'aaaaaaaaaaaaaaaaaaaa',
      '1234567890abcdef1234',
      'your_api_key_goes_here',
    ])
      assert.ok(isPlaceholder(p), p);
    assert.ok(!isPlaceholder(S.helcim));
  });
});

describe('ignore directives', () => {
  const line = `const k = '${S.stripeLive}';`;
  for (const [name, text] of [
    ['payapi-ignore on the line', `${line} // payapi-ignore`],
    ['gitleaks:allow on the line', `${line} // gitleaks:allow`],
    ['secretlint-disable-line on the line', `${line} // secretlint-disable-line`],
    ['payapi-ignore-next-line above', `// payapi-ignore-next-line\n${line}`],
    ['secretlint-disable-next-line above', `# secretlint-disable-next-line\n${line}`],
  ] as const)
    it(`${name} silences it`, () => assert.deepEqual(ids(text), []));
  it('a directive covers one line only', () => {
    assert.equal(ids(`// payapi-ignore-next-line\n${line}\n${line}`).length, 1);
    assert.equal(
      ids(`${line} // payapi-ignore-next-line`).length,
      1,
      'next-line on the same line does not silence that line',
    );
  });
});

describe('known secrets', () => {
  it('finds stored values exactly, as the most severe finding, even where no rule would', () => {
    const token = rand('abcdefghijklmnopqrstuvwxyz', 30);
    const f = scan(`x = "${token}"`, {
      knownSecrets: [{ value: token, description: 'your production Helcim token “Shop”' }],
    });
    assert.equal(f.length, 1);
    assert.equal(f[0]?.ruleId, 'known-secret');
    assert.match(f[0]?.message ?? '', /your production Helcim token “Shop”/);
  });
  it('wins over a rule on the same range, and finds a stored PEM by its body', () => {
    const f = scan(`const HELCIM_API_TOKEN = '${S.helcim}';`, {
      knownSecrets: [{ value: S.helcim, description: 'your Helcim token' }],
    });
    assert.deepEqual(
      f.map((x) => x.ruleId),
      ['known-secret'],
    );
    const pemFile = JSON.stringify({ key: S.pem });
    assert.ok(
      scan(pemFile, { knownSecrets: [{ value: S.pem, description: 'your Gr4vy key' }] }).some(
        (x) => x.ruleId === 'known-secret',
      ),
    );
  });
});

describe('linear time (ReDoS inputs)', () => {
  const inputs = [
    'helcim'.repeat(50_000),
    `helcim_${'a'.repeat(200_000)}`,
    `api-token: ${'a!'.repeat(100_000)}`,
    `sk_live_${'a'.repeat(300_000)}`,
    `${S.label('PRIVATE KEY', 'BEGIN')}${'A'.repeat(300_000)}`,
    `"d": "${'a'.repeat(300_000)}`,
    `eyJ${'a'.repeat(100_000)}.eyJ${'a'.repeat(100_000)}.${'a'.repeat(100_000)}`,
    'access-production-'.repeat(30_000),
    `${'\n'.repeat(100_000)}payapi-ignore-next-line`,
  ];
  for (const input of inputs) {
    it(`scans ${JSON.stringify(input.slice(0, 24))}… (${input.length} chars) quickly`, () => {
      const t0 = performance.now();
      scan(input);
      assert.ok(performance.now() - t0 < 1500, `${Math.round(performance.now() - t0)} ms`);
    });
  }
});

describe('rescan', () => {
  it('gives what a full scan gives after inserts and deletes far from and near findings', () => {
    const filler = (n: number) => 'const a = 1;\n'.repeat(n);
    let text = `${filler(3000)}const k = '${S.stripeLive}';\n${filler(3000)}HELCIM_API_TOKEN=${S.helcim}\n${filler(3000)}`;
    let findings = scan(text);
    assert.equal(findings.length, 2);
    const edits: [number, number, string][] = [
      [10, 0, 'x'.repeat(50)],
      [text.indexOf('const k') - 5, 3, ''],
      [text.indexOf('HELCIM_API_TOKEN'), 0, `const s = '${S.shopify}';\n`],
      [text.length - 100, 10, RESCAN_MARGIN.toString()],
      [text.indexOf(S.stripeLive.slice(0, 8)), 2, ''],
    ];
    for (const [offset, removed, inserted] of edits) {
      text = text.slice(0, offset) + inserted + text.slice(offset + removed);
      findings = rescan(text, findings, [{ offset, removed, inserted: inserted.length }]);
      assert.deepEqual(findings, scan(text));
    }
  });
});

describe('rule documentation', () => {
  it('media/rules.md has a section for every rule, and every rule links to it', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../media/rules.md', import.meta.url), 'utf8');
    for (const r of [...RULES.map((x) => x.id), 'known-secret']) assert.match(doc, new RegExp(`^## ${r}$`, 'm'), r);
    for (const r of RULES) assert.equal(r.docs, `media/rules.md#${r.id}`);
  });
});
