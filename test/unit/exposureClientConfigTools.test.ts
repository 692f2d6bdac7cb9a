// client-config-secret across the stacks: Create React App (no config hook of its own; craco and
// react-app-rewired add webpack plugins), SvelteKit 1.0+ (vite.config.* with the sveltekit() plugin),
// and the `define` of every other tool built on Vite, Rsbuild, Rspack or Farm.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/core/scanner/scan';

/** The names client-config-secret flags in `text` at `path`, as written. */
const flagged = (text: string, path: string) =>
  scan(text, { file: { path } })
    .filter((f) => f.ruleId === 'client-config-secret')
    .map((f) => text.slice(f.start, f.end));

const SVELTEKIT_VITE = (define: string) =>
  "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig, loadEnv } from 'vite';\n" +
  "export default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), '');\n" +
  `  return { plugins: [sveltekit()], define: ${define} };\n});\n`;
const SECRET_DEFINE = "{ 'process.env.HELCIM_API_TOKEN': JSON.stringify(process.env.HELCIM_API_TOKEN) }";

/** [what, file, text, the names flagged]. */
const MUST_FLAG: [string, string, string, string[]][] = [
  [
    'CRA: react-app-rewired config-overrides.js, a DefinePlugin through customize-cra',
    'config-overrides.js',
    "const webpack = require('webpack');\nconst { override, addWebpackPlugin } = require('customize-cra');\n" +
      `module.exports = override(addWebpackPlugin(new webpack.DefinePlugin(${SECRET_DEFINE})));\n`,
    ['HELCIM_API_TOKEN'],
  ],
  [
    'SvelteKit 1.0+: define in vite.config.ts next to the sveltekit() plugin',
    'vite.config.ts',
    SVELTEKIT_VITE("{ 'import.meta.env.GR4VY_PRIVATE_KEY': JSON.stringify(env.GR4VY_PRIVATE_KEY) }"),
    ['GR4VY_PRIVATE_KEY'],
  ],
  [
    'Rsbuild: source.define',
    'rsbuild.config.ts',
    `export default defineConfig({ source: { define: ${SECRET_DEFINE} } });\n`,
    ['HELCIM_API_TOKEN'],
  ],
  [
    'Modern.js: source.define',
    'modern.config.ts',
    `export default defineConfig({ source: { define: ${SECRET_DEFINE} } });\n`,
    ['HELCIM_API_TOKEN'],
  ],
  [
    'Farm: compilation.define',
    'farm.config.ts',
    `export default defineConfig({ compilation: { define: ${SECRET_DEFINE} } });\n`,
    ['HELCIM_API_TOKEN'],
  ],
  [
    'WXT: vite().define',
    'wxt.config.ts',
    `export default defineConfig({ vite: () => ({ define: ${SECRET_DEFINE} }) });\n`,
    ['HELCIM_API_TOKEN'],
  ],
  [
    "electron-vite: the renderer's define",
    'electron.vite.config.ts',
    `export default defineConfig({ main: {}, renderer: { define: ${SECRET_DEFINE} } });\n`,
    ['HELCIM_API_TOKEN'],
  ],
  [
    'Umi: .umirc.ts define',
    '.umirc.ts',
    "import { defineConfig } from 'umi';\nexport default defineConfig({ define: { 'process.env.STRIPE_SECRET_KEY': process.env.STRIPE_SECRET_KEY } });\n",
    ['STRIPE_SECRET_KEY'],
  ],
  [
    'Umi Max: config/config.ts define',
    'config/config.ts',
    "import { defineConfig } from '@umijs/max';\nexport default defineConfig({ define: { STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY } });\n",
    ['STRIPE_SECRET_KEY'],
  ],
  [
    'Taro: env and defineConstants in config/index.ts',
    'config/index.ts',
    "import { defineConfig } from '@tarojs/cli';\nexport default defineConfig({ designWidth: 750, env: { HELCIM_API_TOKEN: " +
      'JSON.stringify(process.env.HELCIM_API_TOKEN) }, defineConstants: { GR4VY_PRIVATE_KEY: \'""\' } });\n',
    ['HELCIM_API_TOKEN', 'GR4VY_PRIVATE_KEY'],
  ],
  [
    'Quasar: build.env',
    'quasar.config.js',
    'module.exports = configure(() => ({ build: { env: { STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY } } }));\n',
    ['STRIPE_SECRET_KEY'],
  ],
  [
    "Angular: the application builder's define in angular.json",
    'angular.json',
    '{ "projects": { "shop": { "architect": { "build": { "options": { "define": { "HELCIM_API_TOKEN": "\'x\'" } } } } } } }\n',
    ['HELCIM_API_TOKEN'],
  ],
];

/** [what, file, text]. */
const MUST_NOT_FLAG: [string, string, string][] = [
  [
    'CRA: src/setupProxy.js runs in the development server, not the browser',
    'src/setupProxy.js',
    "const { createProxyMiddleware } = require('http-proxy-middleware');\nmodule.exports = function (app) {\n" +
      "  app.use('/helcim', createProxyMiddleware({ target: 'https://api.helcim.com', changeOrigin: true, " +
      "headers: { 'api-token': process.env.HELCIM_API_TOKEN } }));\n};\n",
  ],
  [
    'CRA: craco.config.js with only a public DefinePlugin value',
    'craco.config.js',
    "module.exports = { webpack: { plugins: { add: [new webpack.DefinePlugin({ 'process.env.GR4VY_ID': '\"acme\"' })] } } };\n",
  ],
  [
    'SvelteKit 1.0+: vite.config.ts with only the app version in define',
    'vite.config.ts',
    SVELTEKIT_VITE('{ __APP_VERSION__: JSON.stringify(process.env.npm_package_version) }'),
  ],
  [
    'SvelteKit 1.0+: the secret read in a server load, not in config',
    'src/routes/pay/+page.server.ts',
    "import { HELCIM_API_TOKEN } from '$env/static/private';\nexport const load = async () => ({ ok: !!HELCIM_API_TOKEN });\n",
  ],
  [
    "a config/config.ts that is not Umi's",
    'config/config.ts',
    'export default { define: { STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY } };\n',
  ],
  [
    'Rsbuild: loadEnv for public variables only',
    'rsbuild.config.ts',
    "const { publicVars } = loadEnv({ prefixes: ['PUBLIC_'] });\nexport default defineConfig({ source: { define: publicVars } });\n",
  ],
];

describe('client-config-secret across the stacks: must flag', () => {
  for (const [what, path, text, names] of MUST_FLAG) it(what, () => assert.deepEqual(flagged(text, path), names));
});

describe('client-config-secret across the stacks: must not flag', () => {
  for (const [what, path, text] of MUST_NOT_FLAG) it(what, () => assert.deepEqual(flagged(text, path), []));
});

describe('client-config-secret: the message names the tool', () => {
  it('Rsbuild and Taro', () => {
    const msg = (text: string, path: string) => scan(text, { file: { path } })[0]?.message ?? '';
    const [, , rsbuild = ''] = MUST_FLAG.find((r) => r[1] === 'rsbuild.config.ts') ?? [];
    assert.match(msg(rsbuild, 'rsbuild.config.ts'), /^HELCIM_API_TOKEN in Rsbuild `define`: Rsbuild replaces/);
    const [, , taro = ''] = MUST_FLAG.find((r) => r[1] === 'config/index.ts') ?? [];
    assert.match(msg(taro, 'config/index.ts'), /in Taro config `env`: Taro inlines/);
  });
});
