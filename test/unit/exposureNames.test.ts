// Payment secrets by name, and the public prefixes of every front-end tool that inlines variables
// into what it ships to the browser (documented by each tool): each prefix is flagged, says its tool,
// and names the server-only variable to use instead. No values here: the findings are names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EXPOSURES,
  PROVIDER_ANCHOR,
  PUBLIC_PREFIXES,
  caselessSource,
  publicSecretName,
  secretNamed,
} from '../../src/core/scanner/exposure/names';
import { LOGGED_ANCHOR } from '../../src/core/scanner/exposure/logged';
import { rng } from './fixtures';
import type { FileContext } from '../../src/core/scanner/fileContext';
import { scan } from '../../src/core/scanner/scan';

const ID = 'public-env-secret';

/** The public-env-secret findings in `text` at `path`: each name and its message. */
function found(text: string, file: FileContext): { name: string; message: string }[] {
  return scan(text, { file })
    .filter((f) => f.ruleId === ID)
    .map((f) => ({ name: text.slice(f.start, f.end), message: f.message }));
}
const names = (text: string, path: string) => found(text, { path }).map((f) => f.name);

describe('payment secrets by name', () => {
  it('secret names, whatever their case or separators', () => {
    for (const [n, what] of [
      ['HELCIM_API_TOKEN', 'api-token'],
      ['helcimApiToken', 'api-token'],
      ['HELCIM_TOKEN', 'api-token'],
      ['HELCIM_SECRET_TOKEN', 'HelcimPay.js secretToken'],
      ['GR4VY_PRIVATE_KEY', 'private key'],
      ['gr4vyPrivateKey', 'private key'],
      ['STRIPE_SECRET_KEY', 'secret key'],
      ['PAYPAL_CLIENT_SECRET', 'secret key'],
    ] as const)
      assert.equal(secretNamed(n)?.what, what, n);
  });

  it('public values and names that say too little are not', () => {
    for (const n of [
      'GR4VY_ID',
      'GR4VY_ENVIRONMENT',
      'GR4VY_MERCHANT_ACCOUNT_ID',
      'GR4VY_PRIVATE_KEY_PATH',
      'HELCIM_CHECKOUT_TOKEN',
      'HELCIM_JS_TOKEN',
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_KEY',
      'SHOPIFY_STOREFRONT_ACCESS_TOKEN',
      'PAYPAL_CLIENT_ID',
      'API_TOKEN',
      'SECRET_KEY',
    ])
      assert.equal(secretNamed(n), undefined, n);
  });

  it('under a public prefix: the tool and the server-only name', () => {
    assert.deepEqual(publicSecretName('NEXT_PUBLIC_HELCIM_API_TOKEN'), {
      provider: 'Helcim',
      what: 'api-token',
      prefix: 'NEXT_PUBLIC_',
      tool: 'Next.js',
      ships: 'Next.js inlines NEXT_PUBLIC_ variables into the browser bundle',
      serverName: 'HELCIM_API_TOKEN',
    });
    assert.equal(publicSecretName('VITE_GR4VY_ID'), undefined);
    assert.equal(publicSecretName('HELCIM_API_TOKEN'), undefined);
    assert.equal(publicSecretName('APP_HELCIM_TOKEN', ['APP_'])?.serverName, 'HELCIM_TOKEN');
  });
});

describe('public prefixes: every tool that ships one to the browser', () => {
  it('each prefix: set in a .env, flagged with its tool; the server-only name drops exactly the prefix', () => {
    for (const p of PUBLIC_PREFIXES) {
      const name = `${p.prefix}HELCIM_API_TOKEN`;
      const f = found(`${name}=\n`, { path: '.env.local', ignored: true });
      assert.deepEqual(
        f.map((x) => x.name),
        [name],
        p.prefix,
      );
      assert.ok(f[0]?.message.includes(`${p.prefix} variables`), `${p.prefix}: ${f[0]?.message}`);
      assert.match(f[0]?.message ?? '', /keep it as HELCIM_API_TOKEN/, p.prefix);
      assert.equal(publicSecretName(name)?.tool, p.tool, p.prefix);
    }
  });

  it('a name takes the longest prefix it starts with (Vike PUBLIC_ENV__ over PUBLIC_)', () => {
    assert.equal(publicSecretName('PUBLIC_ENV__HELCIM_API_TOKEN')?.serverName, 'HELCIM_API_TOKEN');
    assert.equal(publicSecretName('PUBLIC_ENV__HELCIM_API_TOKEN')?.tool, 'Vike');
    assert.equal(publicSecretName('PUBLIC_HELCIM_API_TOKEN')?.serverName, 'HELCIM_API_TOKEN');
    const lengths = PUBLIC_PREFIXES.map((p) => p.prefix.length);
    assert.deepEqual(
      lengths,
      [...lengths].sort((a, b) => b - a),
    );
  });

  /** [tool, file, text, names flagged]: where each tool's code reads its public variables. */
  const READS: [string, string, string, string[]][] = [
    [
      'Laravel Mix: resources/js',
      'resources/js/app.js',
      'const k = process.env.MIX_STRIPE_SECRET_KEY;\n',
      ['MIX_STRIPE_SECRET_KEY'],
    ],
    [
      'Laravel Mix: .env',
      '.env',
      'APP_NAME=Shop\nMIX_HELCIM_API_TOKEN=\nMIX_PUSHER_APP_KEY=x\n',
      ['MIX_HELCIM_API_TOKEN'],
    ],
    [
      'Sanity Studio',
      'sanity.config.ts',
      'const t = process.env.SANITY_STUDIO_STRIPE_SECRET_KEY;\n',
      ['SANITY_STUDIO_STRIPE_SECRET_KEY'],
    ],
    [
      'RedwoodJS: web side',
      'web/src/pages/Pay.tsx',
      'const t = process.env.REDWOOD_ENV_HELCIM_TOKEN;\n',
      ['REDWOOD_ENV_HELCIM_TOKEN'],
    ],
    [
      'Umi',
      'src/pages/pay.tsx',
      'const t = process.env.UMI_APP_PAYPAL_CLIENT_SECRET;\n',
      ['UMI_APP_PAYPAL_CLIENT_SECRET'],
    ],
    [
      'Angular (@ngx-env)',
      'src/app/pay.component.ts',
      'k = import.meta.env.NG_APP_HELCIM_API_TOKEN;\n',
      ['NG_APP_HELCIM_API_TOKEN'],
    ],
    [
      'Nx',
      'apps/shop/src/main.tsx',
      'const k = process.env.NX_PUBLIC_STRIPE_SECRET_KEY;\n',
      ['NX_PUBLIC_STRIPE_SECRET_KEY'],
    ],
    [
      'Snowpack',
      'src/index.js',
      'const k = import.meta.env.SNOWPACK_PUBLIC_SQUARE_ACCESS_TOKEN;\n',
      ['SNOWPACK_PUBLIC_SQUARE_ACCESS_TOKEN'],
    ],
    ['Preact CLI', 'src/index.js', 'const k = process.env.PREACT_APP_HELCIM_TOKEN;\n', ['PREACT_APP_HELCIM_TOKEN']],
    [
      'Modern.js',
      'src/routes/page.tsx',
      'const k = process.env.MODERN_GR4VY_PRIVATE_KEY;\n',
      ['MODERN_GR4VY_PRIVATE_KEY'],
    ],
    [
      'Farm',
      'src/main.tsx',
      'const k = FARM_STRIPE_SECRET_KEY;\nconst j = import.meta.env.FARM_HELCIM_TOKEN;\n',
      ['FARM_STRIPE_SECRET_KEY', 'FARM_HELCIM_TOKEN'],
    ],
    [
      'Taro',
      'src/pages/pay/index.tsx',
      'const k = process.env.TARO_APP_HELCIM_API_TOKEN;\n',
      ['TARO_APP_HELCIM_API_TOKEN'],
    ],
    [
      'Fresh: an island',
      'islands/Pay.tsx',
      'const k = Deno.env.get("FRESH_PUBLIC_STRIPE_SECRET_KEY");\n',
      ['FRESH_PUBLIC_STRIPE_SECRET_KEY'],
    ],
    [
      'electron-vite: renderer',
      'src/renderer/src/App.tsx',
      'k = import.meta.env.RENDERER_VITE_HELCIM_TOKEN;\n',
      ['RENDERER_VITE_HELCIM_TOKEN'],
    ],
    [
      'Plasmo',
      'popup.tsx',
      'const k = process.env.PLASMO_PUBLIC_STRIPE_SECRET_KEY;\n',
      ['PLASMO_PUBLIC_STRIPE_SECRET_KEY'],
    ],
    ['WXT', 'entrypoints/popup/main.ts', 'const k = import.meta.env.WXT_HELCIM_API_TOKEN;\n', ['WXT_HELCIM_API_TOKEN']],
    [
      'Vike',
      'pages/pay/+Page.tsx',
      'const k = import.meta.env.PUBLIC_ENV__GR4VY_PRIVATE_KEY;\n',
      ['PUBLIC_ENV__GR4VY_PRIVATE_KEY'],
    ],
    [
      'Qwik and Rsbuild',
      'src/routes/index.tsx',
      'const k = import.meta.env.PUBLIC_PAYPAL_CLIENT_SECRET;\n',
      ['PUBLIC_PAYPAL_CLIENT_SECRET'],
    ],
  ];
  for (const [tool, path, text, want] of READS) {
    it(`${tool}: must flag (${path})`, () => assert.deepEqual(names(text, path), want));
  }

  it('the tool is named in the message, and who receives it: app and extension users', () => {
    const msg = (text: string, path = '.env') => found(text, { path })[0]?.message ?? '';
    assert.match(msg('MIX_HELCIM_API_TOKEN=\n'), /Laravel Mix inlines MIX_ variables into the browser bundle/);
    assert.match(msg('WXT_STRIPE_SECRET_KEY=\n'), /WXT inlines WXT_ .*would reach every user of the extension/);
    assert.match(msg('RENDERER_VITE_HELCIM_TOKEN=\n'), /electron-vite .*renderer's bundle.*every user of the app/);
    assert.match(msg('SANITY_STUDIO_HELCIM_TOKEN=\n'), /everyone who opens the Studio/);
  });
});

describe('public prefixes: must not flag', () => {
  const cases: [string, string, string][] = [
    [
      'public values under the new prefixes',
      '.env',
      [
        'MIX_PUSHER_APP_KEY=abc',
        'SANITY_STUDIO_API_PROJECT_ID=abc',
        'NX_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_test_x',
        'PLASMO_PUBLIC_GR4VY_ID=acme',
        'WXT_HELCIM_CHECKOUT_TOKEN=abc',
        'MODERN_ENV=staging',
        'UMI_APP_API_URL=https://example.invalid',
      ].join('\n'),
    ],
    [
      'a prefix inside a longer name (REMIX_ is not MIX_, MY_WXT_ is not WXT_)',
      'a.ts',
      'REMIX_HELCIM_API_TOKEN AMIX_STRIPE_SECRET_KEY MY_WXT_HELCIM_TOKEN XFARM_STRIPE_SECRET_KEY',
    ],
    [
      "electron-vite: the main process's and preload's own prefixes (not the renderer's)",
      '.env',
      'MAIN_VITE_STRIPE_SECRET_KEY=x\nPRELOAD_VITE_HELCIM_API_TOKEN=x\n',
    ],
    [
      'Nuxt: NUXT_ without _PUBLIC_ is server-only runtimeConfig',
      '.env',
      'NUXT_HELCIM_API_TOKEN=x\nNUXT_STRIPE_SECRET_KEY=x\n',
    ],
    [
      'Parcel has no prefix: a server-only name in a module nothing places in the browser (documented limit)',
      'src/index.js',
      'fetch(url, { headers: { "api-token": process.env.HELCIM_API_TOKEN } });\n',
    ],
  ];
  for (const [what, path, text] of cases) {
    it(what, () => assert.deepEqual(names(text, path), []));
  }
});

describe('one anchor for the rules that need a payment secret’s name', () => {
  it('every server host and SDK package the exposure rules look for holds a provider word', () => {
    for (const e of EXPOSURES)
      for (const s of [...(e.serverHosts ?? []), ...(e.serverPackages ?? [])])
        assert.ok(PROVIDER_ANCHOR.test(s), `${s} would not pass the anchor`);
  });
});

describe('the anchor counts a provider word only where a word of a name starts', () => {
  it('where secretNamed reads a provider word, the anchor finds it, in any case and after any character', () => {
    const r = rng(0xa11c);
    const words = EXPOSURES.flatMap((e) => e.words);
    const cases = [(w: string) => w, (w: string) => w.toUpperCase(), (w: string) => w[0]?.toUpperCase() + w.slice(1)];
    cases.push((w: string) => [...w].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(''));
    const heads = ['', 'my', 'MY', 'x_', 'NEXT_PUBLIC_', 'v2', 'test', 'APP', 'é', '$', '@', 'a.', 'appDefault'];
    const tails = [
      '_SECRET_KEY',
      'SecretKey',
      '_api_token',
      'ApiToken',
      'PrivateKey',
      '_WEBHOOK_SECRET',
      'Key',
      'secret',
    ];
    let named = 0;
    for (let k = 0; k < 20_000; k++) {
      const word = r.pick(cases)(r.pick(words));
      const name = `${r.pick(heads)}${word}${r.pick(tails)}`;
      const before = r.pick(['', ' ', '.', '(', '"', '\n', '=', '[', '{', 'x']);
      const text = `${before}${name}`;
      // The name as a text reads it: after a character that is not part of it.
      const asRead = /[A-Za-z0-9_$]$/.test(before) ? `${before}${name}` : name;
      if (secretNamed(asRead) === undefined) continue;
      named++;
      assert.ok(
        PROVIDER_ANCHOR.test(text),
        `${JSON.stringify(text)} names a secret (${asRead}): the anchor must find it`,
      );
    }
    assert.ok(named > 3000, `enough generated names hold a secret (${named})`);
  });

  it('finds STRIPE_KEY, myStripeKey, $stripe_key, cfg.cko_secret, a host and a package; not a word inside another', () => {
    for (const t of ['STRIPE_KEY', 'myStripeKey', '$stripe_key', 'cfg.cko_secret', 'éStripe', 'https://api.helcim.com'])
      assert.ok(PROVIDER_ANCHOR.test(t), t);
    for (const t of ['blockOrder', 'mystripekey', 'v2stripe', 'MYSTRIPE', 'lockOwner', 'backOffice'])
      assert.ok(!PROVIDER_ANCHOR.test(t), t);
    for (const t of ['blockOrder', 'mystripekey', 'v2stripe', 'MYSTRIPE'])
      assert.equal(secretNamed(`${t}_SECRET_KEY`), undefined, `${t}: no secret's name either`);
    // Helcim's header name counts anywhere, as before.
    assert.ok(PROVIDER_ANCHOR.test("headers['x-API-Token']"));
  });

  it("a getter's first word glued to the provider's (getstripesecretkey()): the anchor finds it, and the rules do", () => {
    for (const t of ['getstripesecretkey()', 'x.loadpaymentsecret()', 'readhelcimapitoken()', 'getgr4vyprivatekey()'])
      assert.ok(PROVIDER_ANCHOR.test(t), t);
    assert.ok(!PROVIDER_ANCHOR.test('forgetstripe()'), 'not after a word that only ends in get');
    const cases: [string, string, string][] = [
      ['a.js', 'const k = getstripe·secretkey();\nconsole.log(k);', 'secret-in-log'],
      ['a.py', 'print(getstripe·secretkey())', 'secret-in-log'],
      ['a.go', 'log.Println(getgr4vy·privatekey())', 'secret-in-log'],
      ['page.php', '<html><?php echo getstripe·secretkey(); ?></html>', 'browser-server-call'],
      ['a.html.erb', '<div><%= getstripe·secretkey() %></div>', 'browser-server-call'],
    ];
    for (const [path, text, rule] of cases)
      assert.deepEqual(
        scan(text.replaceAll('·', ''), { file: { path } }).map((f) => f.ruleId),
        [rule],
        `${path}: ${text}`,
      );
  });

  it('secret-in-log runs where a file names the initialize endpoint, whatever comes before it', () => {
    assert.ok(LOGGED_ANCHOR.test('fetch(base + "xhelcim-pay/initialize")'));
    assert.ok(!PROVIDER_ANCHOR.test('fetch(base + "xhelcim-pay/initialize")'));
  });

  it('caselessSource writes plain words caselessly and refuses any other syntax', () => {
    assert.equal(caselessSource('a_?b\\/c|d-e'), '[aA]_?[bB]\\/[cC]|[dD]-[eE]');
    for (const bad of ['a+', '[ab]', 'a.b', '(?:a)', 'a{2}', '^a', 'a?b', 'a*'])
      assert.throws(() => caselessSource(bad), /not plain words/, bad);
  });
});
