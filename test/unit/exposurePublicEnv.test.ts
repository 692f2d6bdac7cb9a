// public-env-secret: payment secrets under the names front-end builds ship to the browser, where the
// value is set and where code reads it, across the tools that do it. Values are built at run time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanBytes } from '../../src/core/scanner/engine';
import type { FileContext } from '../../src/core/scanner/fileContext';
import { scan } from '../../src/core/scanner/scan';
import { secrets } from './secretFixtures';

const S = secrets();
const T = S.helcim;
const ID = 'public-env-secret';

/** The names the rule flags in `text`, as written. */
function flagged(text: string, file?: FileContext): string[] {
  return scan(text, file ? { file } : {})
    .filter((f) => f.ruleId === ID)
    .map((f) => text.slice(f.start, f.end));
}

/** [what, file, text, the names flagged]. */
const MUST_FLAG: [string, FileContext, string, string[]][] = [
  [
    'Next.js: a git-ignored .env.local (the issue: silent today)',
    { path: '.env.local', ignored: true },
    `NEXT_PUBLIC_HELCIM_API_TOKEN=${T}\n`,
    ['NEXT_PUBLIC_HELCIM_API_TOKEN'],
  ],
  [
    'Next.js app router: a client component calling helcim-pay/initialize',
    { path: 'app/checkout/Pay.tsx' },
    "'use client';\nexport async function pay() {\n  await fetch('https://api.helcim.com/v2/helcim-pay/initialize', " +
      "{ method: 'POST', headers: { 'api-token': process.env.NEXT_PUBLIC_HELCIM_API_TOKEN ?? '' } });\n}\n",
    ['NEXT_PUBLIC_HELCIM_API_TOKEN'],
  ],
  [
    'Next.js pages router: a page reading a Gr4vy private key',
    { path: 'pages/checkout.tsx' },
    'const key = process.env["NEXT_PUBLIC_GR4VY_PRIVATE_KEY"];\nexport default function Checkout() { return null; }\n',
    ['NEXT_PUBLIC_GR4VY_PRIVATE_KEY'],
  ],
  [
    'Vite: import.meta.env and the typed env',
    { path: 'src/pay.ts' },
    'const t = import.meta.env.VITE_HELCIM_API_TOKEN;\ninterface ImportMetaEnv { readonly VITE_STRIPE_SECRET_KEY: string }\n',
    ['VITE_HELCIM_API_TOKEN', 'VITE_STRIPE_SECRET_KEY'],
  ],
  ['Vite: a tracked .env', { path: '.env' }, `VITE_STRIPE_SECRET_KEY=${S.stripeLive}\n`, ['VITE_STRIPE_SECRET_KEY']],
  [
    'CRA: .env.development and a component',
    { path: 'src/App.js' },
    'fetch(url, { headers: { Authorization: `Bearer ${process.env.REACT_APP_PAYPAL_CLIENT_SECRET}` } })',
    ['REACT_APP_PAYPAL_CLIENT_SECRET'],
  ],
  [
    'SvelteKit: $env/static/public and $env/dynamic/public',
    { path: 'src/routes/+page.svelte' },
    "import { PUBLIC_HELCIM_API_TOKEN } from '$env/static/public';\nimport { env } from '$env/dynamic/public';\n" +
      'const k = env.PUBLIC_GR4VY_PRIVATE_KEY;\n',
    ['PUBLIC_HELCIM_API_TOKEN', 'PUBLIC_GR4VY_PRIVATE_KEY'],
  ],
  [
    'Astro: import.meta.env.PUBLIC_',
    { path: 'src/pages/pay.astro' },
    '---\nconst k = import.meta.env.PUBLIC_STRIPE_SECRET_KEY;\n---\n',
    ['PUBLIC_STRIPE_SECRET_KEY'],
  ],
  ['Nuxt: NUXT_PUBLIC_ in .env', { path: '.env' }, 'NUXT_PUBLIC_HELCIM_API_TOKEN=\n', ['NUXT_PUBLIC_HELCIM_API_TOKEN']],
  [
    'Expo: EXPO_PUBLIC_ in .env and in the app',
    { path: 'App.tsx' },
    'const stripe = new Stripe(process.env.EXPO_PUBLIC_STRIPE_SECRET_KEY!);\n',
    ['EXPO_PUBLIC_STRIPE_SECRET_KEY'],
  ],
  ['Gatsby', { path: '.env.production', ignored: true }, 'GATSBY_STRIPE_SECRET_KEY=x\n', ['GATSBY_STRIPE_SECRET_KEY']],
  ['Vue CLI', { path: 'src/main.js' }, 'const t = process.env.VUE_APP_HELCIM_TOKEN;\n', ['VUE_APP_HELCIM_TOKEN']],
  [
    'Docker Compose environment',
    { path: 'docker-compose.yml' },
    'services:\n  web:\n    environment:\n      - NEXT_PUBLIC_HELCIM_API_TOKEN=${HELCIM_API_TOKEN}\n',
    ['NEXT_PUBLIC_HELCIM_API_TOKEN'],
  ],
  [
    'GitHub Actions env',
    { path: '.github/workflows/build.yml' },
    'env:\n  VITE_STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}\n',
    ['VITE_STRIPE_SECRET_KEY'],
  ],
  [
    'Dockerfile ARG and ENV',
    { path: 'Dockerfile' },
    'ARG NEXT_PUBLIC_HELCIM_API_TOKEN\nENV NEXT_PUBLIC_HELCIM_API_TOKEN=$NEXT_PUBLIC_HELCIM_API_TOKEN\n',
    ['NEXT_PUBLIC_HELCIM_API_TOKEN', 'NEXT_PUBLIC_HELCIM_API_TOKEN', 'NEXT_PUBLIC_HELCIM_API_TOKEN'],
  ],
  [
    'README instructions',
    { path: 'README.md' },
    'Put your token in `.env.local` as `NEXT_PUBLIC_HELCIM_API_TOKEN`.\n',
    ['NEXT_PUBLIC_HELCIM_API_TOKEN'],
  ],
  [
    'a name that says nothing, with a Stripe secret key as its value (ignored .env)',
    { path: '.env', ignored: true },
    `VITE_KEY=${S.stripeLive}\n`,
    ['VITE_KEY'],
  ],
  [
    'a name that says nothing: export with quotes, a YAML value',
    { path: 'deploy.yml' },
    `export NEXT_PUBLIC_PAY="${S.squareAccess}"\nVITE_KEY: ${S.paystack}\n`,
    ['NEXT_PUBLIC_PAY', 'VITE_KEY'],
  ],
  [
    "the project's own prefix (Vite envPrefix)",
    { path: 'src/main.ts', publicPrefixes: ['APP_'] },
    'const k = import.meta.env.APP_STRIPE_SECRET_KEY;\n',
    ['APP_STRIPE_SECRET_KEY'],
  ],
];

const MUST_NOT_FLAG: [string, FileContext, string][] = [
  [
    'public values under public names',
    { path: '.env' },
    [
      'NEXT_PUBLIC_GR4VY_ID=acme',
      'VITE_GR4VY_ENVIRONMENT=sandbox',
      'NEXT_PUBLIC_HELCIM_CHECKOUT_TOKEN=abc',
      'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_test_x',
      'NEXT_PUBLIC_SHOPIFY_STOREFRONT_ACCESS_TOKEN=abc',
      'REACT_APP_PAYPAL_CLIENT_ID=abc',
      'EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_test_x',
      'GATSBY_STRIPE_PUBLIC_KEY=pk_test_x',
      'PUBLIC_GR4VY_MERCHANT_ACCOUNT_ID=default',
    ].join('\n'),
  ],
  ['a server-only name in a git-ignored .env.local', { path: '.env.local', ignored: true }, `HELCIM_API_TOKEN=${T}\n`],
  [
    'Express: the server reads the server-only name',
    { path: 'server.js' },
    "app.post('/pay', async (req, res) => {\n  const r = await fetch('https://api.helcim.com/v2/payment/purchase', " +
      '{ headers: { "api-token": process.env.HELCIM_API_TOKEN } });\n});\n',
  ],
  [
    'Flask/Django settings',
    { path: 'settings.py' },
    'STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]\nHELCIM_API_TOKEN = os.getenv("HELCIM_API_TOKEN")\n',
  ],
  [
    'PHP: Laravel .env (server only; its VITE_ names hold no payment secret)',
    { path: '.env', ignored: true },
    `APP_NAME=Shop\nHELCIM_API_TOKEN=${T}\nSTRIPE_SECRET=${S.stripeTest}\nVITE_APP_NAME="\${APP_NAME}"\nVITE_PUSHER_APP_KEY="\${PUSHER_APP_KEY}"\n`,
  ],
  [
    'a prefix inside a longer name',
    { path: 'a.ts' },
    'MY_VITE_HELCIM_API_TOKEN xNEXT_PUBLIC_STRIPE_SECRET_KEY X_PUBLIC_GR4VY_PRIVATE_KEY',
  ],
  [
    'a git-ignored build output (only .env files are read when ignored)',
    { path: '.next/static/chunks/app.js', ignored: true },
    'process.env.NEXT_PUBLIC_HELCIM_API_TOKEN',
  ],
  [
    'a JWT under a public name (a Supabase anon key is made for the browser)',
    { path: '.env' },
    `VITE_SUPABASE_ANON_KEY=${S.jwt}\nVITE_KEY=${S.jwt}\n`,
  ],
  ['a publishable key under a name that says nothing', { path: '.env' }, `VITE_KEY=pk_live_${'a1B2'.repeat(6)}\n`],
];

describe('public-env-secret: must flag', () => {
  for (const [what, file, text, names] of MUST_FLAG) {
    it(what, () => assert.deepEqual(flagged(text, file), names));
  }
});

describe('public-env-secret: must not flag', () => {
  for (const [what, file, text] of MUST_NOT_FLAG) {
    it(what, () => assert.deepEqual(flagged(text, file), []));
  }

  it('a git-ignored .env.local with a server-only name is quiet: no finding of any rule', () => {
    assert.deepEqual(
      scan(`HELCIM_API_TOKEN=${T}\nSTRIPE_SECRET_KEY=${S.stripeLive}\n`, {
        file: { path: '.env.local', ignored: true },
      }),
      [],
    );
  });
});

describe('public-env-secret: messages and severity', () => {
  const one = (text: string, file: FileContext) => {
    const f = scan(text, { file }).filter((x) => x.ruleId === ID);
    assert.equal(f.length, 1);
    return f[0]!;
  };

  it('where the value is set: the tool, what it does, the secret and the server-only name', () => {
    const f = one('NEXT_PUBLIC_HELCIM_API_TOKEN=x\n', { path: '.env.local', ignored: true });
    assert.equal(f.severity, 'error');
    assert.equal(f.preview, 'NEXT_PUBLIC_HELCIM_API_TOKEN');
    assert.match(f.message, /is set here: Next\.js inlines NEXT_PUBLIC_ variables into the browser bundle/);
    assert.match(f.message, /the Helcim api-token would reach every visitor: keep it as HELCIM_API_TOKEN/);
  });

  it('read in browser code: the secret is in the bundle, move the code to the server', () => {
    const f = one("'use client';\nconst k = import.meta.env.VITE_GR4VY_PRIVATE_KEY;", { path: 'src/a.ts' });
    assert.equal(f.severity, 'error');
    assert.match(
      f.message,
      /is read in browser code: Vite .*the Gr4vy private key is in the code sent to every visitor/,
    );
    assert.match(f.message, /move this code to the server .*read GR4VY_PRIVATE_KEY there/);
    assert.match(
      one('<script setup>\nimport.meta.env.VITE_STRIPE_SECRET_KEY\n</script>', { path: 'src/Pay.vue' }).message,
      /browser code/,
    );
  });

  it('read where the side is not known: any client code that reads it ships it', () => {
    const f = one('export const key = process.env.NEXT_PUBLIC_STRIPE_SECRET_KEY;', { path: 'lib/stripe.ts' });
    assert.equal(f.severity, 'error');
    assert.match(
      f.message,
      /is read here: .*reaches every visitor from any client code that reads it: read STRIPE_SECRET_KEY/,
    );
  });

  it('read in server code (API route, route handler, server action, .server module): a warning to rename', () => {
    const read = 'const stripe = new Stripe(process.env.NEXT_PUBLIC_STRIPE_SECRET_KEY);';
    const cases: [string, string][] = [
      ['pages/api/checkout.js', read],
      ['app/api/checkout/route.ts', read],
      ['app/actions.ts', `'use server';\n${read}`],
      ['lib/stripe.ts', `import 'server-only';\n${read}`],
      ['src/routes/+page.server.ts', read],
      ['server/api/pay.post.ts', read],
    ];
    for (const [path, text] of cases) {
      const f = one(text, { path });
      assert.equal(f.severity, 'warning', path);
      assert.match(
        f.message,
        /is read in server code \(not in the browser bundle from here\).*Rename it to STRIPE_SECRET_KEY/,
        path,
      );
    }
  });

  it('names SvelteKit, Expo and the project config', () => {
    assert.match(one('PUBLIC_HELCIM_TOKEN=\n', { path: '.env' }).message, /SvelteKit/);
    assert.match(one('EXPO_PUBLIC_STRIPE_SECRET_KEY=\n', { path: '.env' }).message, /every user of the app/);
    const own = one('APP_HELCIM_API_TOKEN=\n', { path: '.env', publicPrefixes: ['APP_'] });
    assert.match(own.message, /this project's config .*makes APP_ variables public/);
  });

  it('a value found by the secret rules: says so, and a test key is a warning', () => {
    const f = one(`VITE_KEY=${S.stripeTest}\n`, { path: '.env', ignored: true });
    assert.match(f.message, /a Stripe secret key \(found by its value\)/);
    assert.equal(f.severity, 'warning');
  });

  it('a tracked .env: the name is this rule, the value the secret rule (neither hides the other)', () => {
    const text = `VITE_KEY=${S.stripeLive}\n`;
    assert.deepEqual(
      scan(text, { file: { path: '.env' } }).map((f) => f.ruleId),
      [ID, 'stripe-secret-key'],
    );
  });
});

describe('public-env-secret through scanBytes (the CLI and workspace scan)', () => {
  it('reads a git-ignored .env.local for this rule only', () => {
    const text = `NEXT_PUBLIC_HELCIM_API_TOKEN=${T}\nSTRIPE_SECRET_KEY=${S.stripeLive}\n`;
    const found = scanBytes(Buffer.from(text), '.env.local', {}, { ignored: true });
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.line, f.column, f.preview]),
      [[ID, 1, 1, 'NEXT_PUBLIC_HELCIM_API_TOKEN']],
    );
    assert.deepEqual(scanBytes(Buffer.from(`HELCIM_API_TOKEN=${T}\n`), '.env.local', {}, { ignored: true }), []);
  });

  it("runs on a file whose project configures a prefix, though no tool's prefix is in it", () => {
    const text = 'CLIENT_HELCIM_API_TOKEN=x\n';
    assert.deepEqual(scanBytes(Buffer.from(text), 'web/.env', {}, {}), []);
    const found = scanBytes(Buffer.from(text), 'web/.env', {}, { publicPrefixes: ['CLIENT_'] });
    assert.deepEqual(
      found.map((f) => f.preview),
      ['CLIENT_HELCIM_API_TOKEN'],
    );
  });
});
