// client-config-secret: build config that hands a server variable to the browser bundle (Next.js
// `env`, Vite `define`, Nuxt `runtimeConfig.public`, Expo `extra`, webpack's DefinePlugin…).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanBytes } from '../../src/core/scanner/engine';
import type { FileContext } from '../../src/core/scanner/fileContext';
import { scan } from '../../src/core/scanner/scan';

const ID = 'client-config-secret';

/** The names the rule flags in `text`, as written. */
function flagged(text: string, file?: FileContext, range?: { from: number; to: number }): string[] {
  return scan(text, file ? { file } : {}, range)
    .filter((f) => f.ruleId === ID)
    .map((f) => text.slice(f.start, f.end));
}

const WEBPACK_DEFINE =
  "new webpack.DefinePlugin({ 'process.env.STRIPE_SECRET_KEY': JSON.stringify(process.env.STRIPE_SECRET_KEY) })";

/** [what, file path (undefined: unknown origin), text, the names flagged]. */
const MUST_FLAG: [string, string | undefined, string, string[]][] = [
  [
    'Next.js (app router): next.config.js env',
    'next.config.js',
    'module.exports = {\n  env: {\n    HELCIM_API_TOKEN: process.env.HELCIM_API_TOKEN,\n  },\n};\n',
    ['HELCIM_API_TOKEN'],
  ],
  [
    'Next.js: publicRuntimeConfig in next.config.mjs',
    'next.config.mjs',
    'export default { publicRuntimeConfig: { stripeSecretKey: process.env.STRIPE_SECRET_KEY } };\n',
    ['stripeSecretKey', 'STRIPE_SECRET_KEY'],
  ],
  [
    'Next.js (pages router): DefinePlugin for the client build in next.config.ts',
    'next.config.ts',
    'const config = {\n  webpack(config, { isServer, webpack }) {\n    if (!isServer) config.plugins.push(' +
      "new webpack.DefinePlugin({ 'process.env.GR4VY_PRIVATE_KEY': JSON.stringify(process.env.GR4VY_PRIVATE_KEY) }));\n" +
      '    return config;\n  },\n};\nexport default config;\n',
    ['GR4VY_PRIVATE_KEY'],
  ],
  [
    'Vite: define from loadEnv',
    'vite.config.ts',
    "export default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), '');\n" +
      '  return { define: { __HELCIM__: JSON.stringify(env.HELCIM_API_TOKEN) } };\n});\n',
    ['HELCIM_API_TOKEN'],
  ],
  [
    // SvelteKit 1.0+ refuses `kit.vite`: its Vite options live in vite.config.* (exposureClientConfigTools.test.ts).
    'SvelteKit before 1.0 (legacy): kit.vite.define in svelte.config.js',
    'svelte.config.js',
    "export default { kit: { vite: { define: { 'process.env.PAYPAL_CLIENT_SECRET': '\"x\"' } } } };\n",
    ['PAYPAL_CLIENT_SECRET'],
  ],
  [
    'Astro: vite.define in astro.config.mjs',
    'astro.config.mjs',
    'export default defineConfig({ vite: { define: { "import.meta.env.SQUARE_ACCESS_TOKEN": "1" } } });\n',
    ['SQUARE_ACCESS_TOKEN'],
  ],
  [
    'Nuxt 3: runtimeConfig.public only',
    'nuxt.config.ts',
    "export default defineNuxtConfig({\n  runtimeConfig: {\n    helcimApiToken: '',\n    public: {\n" +
      "      gr4vyId: 'acme',\n      helcimApiToken: process.env.NUXT_HELCIM_API_TOKEN,\n    },\n  },\n});\n",
    ['helcimApiToken'],
  ],
  [
    'Nuxt 2 (and Nuxt Bridge): publicRuntimeConfig and env',
    'nuxt.config.js',
    'export default {\n  publicRuntimeConfig: { stripeSecretKey: process.env.STRIPE_SECRET_KEY },\n' +
      '  env: { braintreePrivateKey: process.env.BRAINTREE_PRIVATE_KEY },\n};\n',
    ['stripeSecretKey', 'STRIPE_SECRET_KEY', 'braintreePrivateKey', 'BRAINTREE_PRIVATE_KEY'],
  ],
  [
    'Nuxt Bridge keeps `env`',
    'nuxt.config.ts',
    "import { defineNuxtConfig } from '@nuxt/bridge';\nexport default defineNuxtConfig({ env: { helcimToken: '' } });\n",
    ['helcimToken'],
  ],
  [
    'Expo: app.json extra',
    'app.json',
    '{\n  "expo": {\n    "name": "shop",\n    "extra": { "stripeSecretKey": "x", "eas": { "projectId": "1" } }\n  }\n}\n',
    ['stripeSecretKey'],
  ],
  [
    'Expo: app.config.ts extra',
    'app.config.ts',
    'export default { expo: { extra: { helcimApiToken: process.env.HELCIM_API_TOKEN } } };\n',
    ['helcimApiToken', 'HELCIM_API_TOKEN'],
  ],
  ['CRA: DefinePlugin in craco.config.js', 'craco.config.js', `plugins: [${WEBPACK_DEFINE}]`, ['STRIPE_SECRET_KEY']],
  [
    'CRA: EnvironmentPlugin in config-overrides.js',
    'config-overrides.js',
    "config.plugins.push(new EnvironmentPlugin(['NODE_ENV', 'STRIPE_SECRET_KEY']));\n",
    ['STRIPE_SECRET_KEY'],
  ],
  [
    "Gatsby: gatsby-node's plugins.define",
    'gatsby-node.js',
    'exports.onCreateWebpackConfig = ({ actions, plugins }) => {\n  actions.setWebpackConfig({ plugins: [' +
      "plugins.define({ 'process.env.STRIPE_SECRET_KEY': JSON.stringify(process.env.STRIPE_SECRET_KEY) })] });\n};\n",
    ['STRIPE_SECRET_KEY'],
  ],
  [
    'Vue CLI: EnvironmentPlugin with defaults in vue.config.js',
    'vue.config.js',
    "module.exports = { configureWebpack: { plugins: [new webpack.EnvironmentPlugin({ HELCIM_API_TOKEN: '' })] } };\n",
    ['HELCIM_API_TOKEN'],
  ],
  [
    "Storybook: main.ts env, as Storybook's docs write it",
    '.storybook/main.ts',
    'const config = { env: (config) => ({ ...config, STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY }) };\n',
    ['STRIPE_SECRET_KEY'],
  ],
  ['a text of unknown origin: DefinePlugin', undefined, WEBPACK_DEFINE, ['STRIPE_SECRET_KEY']],
  [
    'strings and comments holding brackets do not end the block',
    'next.config.js',
    'module.exports = { env: { A: "}", /* } */ B: \'{\', // }\n  HELCIM_API_TOKEN: `${process.env.X}}`, } };\n',
    ['HELCIM_API_TOKEN'],
  ],
];

const MUST_NOT_FLAG: [string, string | undefined, string][] = [
  [
    'Next.js: public values in env',
    'next.config.js',
    'module.exports = { env: { NEXT_PUBLIC_GR4VY_ID: process.env.GR4VY_ID, GR4VY_ENVIRONMENT: "sandbox", ' +
      'STRIPE_PUBLISHABLE_KEY: process.env.STRIPE_PUBLISHABLE_KEY } };\n',
  ],
  [
    'Next.js: serverRuntimeConfig stays on the server',
    'next.config.js',
    'module.exports = { serverRuntimeConfig: { helcimApiToken: process.env.HELCIM_API_TOKEN } };\n',
  ],
  [
    'Next.js: DefinePlugin for the server build (if (isServer))',
    'next.config.js',
    `module.exports = { webpack(config, { isServer }) {\n  if (isServer) {\n    config.plugins.push(${WEBPACK_DEFINE});\n  }\n} };\n`,
  ],
  [
    'Nuxt: server-only runtimeConfig keys',
    'nuxt.config.ts',
    "export default defineNuxtConfig({ runtimeConfig: { helcimApiToken: '', stripeSecretKey: '', " +
      "public: { helcimAccountId: '', stripePublishableKey: '' } } });\n",
  ],
  [
    'Vite: a define with only the app version, and a secret used by a dev-server plugin',
    'vite.config.ts',
    "export default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), '');\n  return {\n" +
      '    define: { __APP_VERSION__: JSON.stringify(pkg.version) },\n' +
      '    plugins: [stripeMock(env.STRIPE_SECRET_KEY)],\n  };\n});\n',
  ],
  [
    'webpack: a server bundle (target node)',
    'webpack.server.js',
    `module.exports = { target: 'node', plugins: [${WEBPACK_DEFINE}] };`,
  ],
  [
    'Express: a config object in a server file is not build config',
    'server.js',
    "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\nconst config = { env: { STRIPE_SECRET_KEY: 1 } };\n",
  ],
  ['Flask/Django settings', 'settings.py', 'STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")\n'],
  [
    'PHP: Laravel config/services.php',
    'config/services.php',
    "<?php\nreturn ['stripe' => ['secret' => env('STRIPE_SECRET')]];\n",
  ],
  ['Heroku app.json env (not Expo extra)', 'app.json', '{ "env": { "STRIPE_SECRET_KEY": { "required": true } } }\n'],
  [
    'Expo: public extra',
    'app.config.js',
    'module.exports = { extra: { stripePublishableKey: "pk", eas: { projectId: "1" } } };\n',
  ],
  [
    'a comment in the block',
    'next.config.js',
    'module.exports = { env: { // STRIPE_SECRET_KEY stays on the server\n A: 1 } };\n',
  ],
  ['DefinePlugin shown in a README', 'README.md', `\`\`\`js\n${WEBPACK_DEFINE}\n\`\`\`\n`],
  [
    'Nuxt 3: `env` is no Nuxt 3 option (nothing is inlined)',
    'nuxt.config.ts',
    'export default defineNuxtConfig({ env: { STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY } });\n',
  ],
  [
    'a name after the block has closed',
    'next.config.js',
    'module.exports = { env: { A: 1 }, serverRuntimeConfig: { STRIPE_SECRET_KEY: 1 } };\n',
  ],
];

describe('client-config-secret: must flag', () => {
  for (const [what, path, text, names] of MUST_FLAG) {
    it(what, () => assert.deepEqual(flagged(text, path === undefined ? undefined : { path }), names));
  }
});

describe('client-config-secret: must not flag', () => {
  for (const [what, path, text] of MUST_NOT_FLAG) {
    it(what, () => assert.deepEqual(flagged(text, path === undefined ? undefined : { path }), []));
  }
});

describe('client-config-secret: messages, ranges and the scan engine', () => {
  it('names the option and says the value is inlined into the browser bundle', () => {
    const text = 'module.exports = { env: { HELCIM_API_TOKEN: process.env.HELCIM_API_TOKEN } };';
    const [f] = scan(text, { file: { path: 'web/next.config.js' } });
    assert.equal(f?.ruleId, ID);
    assert.equal(f?.severity, 'error');
    assert.equal(f?.preview, 'HELCIM_API_TOKEN');
    assert.match(
      f?.message ?? '',
      /^HELCIM_API_TOKEN in next\.config `env`: Next\.js inlines .* into the browser bundle/,
    );
    assert.match(f?.message ?? '', /the Helcim api-token would reach every visitor/);
  });

  it('the Nuxt finding is the key inside `public`, not the server-only one', () => {
    const text = "runtimeConfig: { helcimApiToken: '', public: { helcimApiToken: '' } }";
    const found = scan(text, { file: { path: 'nuxt.config.ts' } });
    assert.deepEqual(
      found.map((f) => f.start),
      [text.lastIndexOf('helcimApiToken')],
    );
    assert.match(found[0]?.message ?? '', /runtimeConfig\.public/);
  });

  it('through scanBytes: the file name decides the config kind', () => {
    const text = Buffer.from('module.exports = { env: { STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY } };\n');
    assert.deepEqual(
      scanBytes(text, 'apps/web/next.config.js').map((f) => [f.ruleId, f.line, f.column, f.preview]),
      [[ID, 1, 27, 'STRIPE_SECRET_KEY']],
    );
    assert.deepEqual(scanBytes(text, 'apps/web/other.config.js'), []);
  });

  it('a re-scan of a range inside the block finds what a full scan finds', () => {
    const text = `module.exports = { env: {${'\n  A: 1,'.repeat(500)}\n  HELCIM_API_TOKEN: 1 } };\n`;
    const at = text.indexOf('HELCIM_API_TOKEN');
    assert.deepEqual(flagged(text, { path: 'next.config.js' }, { from: at - 10, to: at + 10 }), ['HELCIM_API_TOKEN']);
  });
});
