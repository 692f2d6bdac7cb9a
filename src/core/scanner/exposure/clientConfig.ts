import { anchorLiterals } from '../anchorLiterals';
import { type FileContext, baseName } from '../fileContext';
import { type Candidate, DOCS, type Rule, matches } from '../rule';
import { type Block, MAX_BLOCK, readBlock } from './jsBlock';
import { PROVIDER_ANCHOR, type SecretName, publicPrefixOf, secretNamed } from './names';

/** A config option whose values reach the browser, and what to say about it. */
interface ClientOption {
  /** The option before its block (`env: {`, `"extra": {`, `new DefinePlugin(`): the match ends at the bracket. */
  opener: RegExp;
  /** For messages: "next.config `env`". */
  what: string;
  /** How its values reach the browser. */
  ships: string;
  fix: string;
  who?: string;
  /** Only this key's block inside the option's block is public (Nuxt's runtimeConfig.public). */
  child?: string;
  /** A webpack plugin: also used in server builds (then left alone). */
  plugin?: boolean;
  /** Whether the option means anything in this config (Nuxt 3 has no `env`). */
  appliesTo?: (text: string) => boolean;
}

/** `name: {` / `"name": {` / `'name': [`, as an object key (not `a.name:`). */
const key = (name: string) => new RegExp(`(?<![\\w$.])["']?(?:${name})["']?\\s{0,20}:\\s{0,20}(?=[{[])`, 'g');

const SERVER_CODE = 'use it only in server code (route handlers, server actions, API routes) that calls the provider';
const define = (tool: string): ClientOption => ({
  opener: key('define'),
  what: `${tool} \`define\``,
  ships: `${tool} replaces each \`define\` key in client code with its value, inlining it into the browser bundle`,
  fix: `remove it from \`define\` and ${SERVER_CODE}`,
});
const NUXT_PRIVATE = 'move it to privateRuntimeConfig (server only) and call the provider from server middleware';

/** Umi's and Taro's configs have generic paths (`config/config.ts`): only a text that imports the tool is one. */
const IMPORTS_UMI = (text: string) => /["'](?:umi|@umijs\/max)["']/.test(text);
const IMPORTS_TARO = (text: string) => /["']@tarojs\/|\bdesignWidth\s{0,5}:/.test(text);
const onlyIf = (applies: (text: string) => boolean, o: ClientOption): ClientOption => ({ ...o, appliesTo: applies });
const envOf = (tool: string, where: string): ClientOption => ({
  opener: key('env'),
  what: `${where} \`env\``,
  ships: `${tool} inlines ${where} \`env\` into the browser bundle`,
  fix: `remove it from \`env\` and ${SERVER_CODE}`,
});

/**
 * Config files, by name (`file`, the base name) or by path (`path`), and their options that hand
 * values to the client: Next.js, Nuxt and Expo have their own; every tool built on Vite, Rsbuild,
 * Rspack or Farm has a `define`.
 */
const CONFIGS: readonly { file?: RegExp; path?: RegExp; options: readonly ClientOption[] }[] = [
  {
    file: /^next\.config\.[cm]?[jt]s$/,
    options: [
      {
        opener: key('env'),
        what: 'next.config `env`',
        ships: 'Next.js inlines every value of next.config `env` into the browser bundle',
        fix: `remove it from \`env\` and ${SERVER_CODE}`,
      },
      {
        opener: key('publicRuntimeConfig'),
        what: 'next.config `publicRuntimeConfig`',
        ships: 'Next.js sends publicRuntimeConfig to the browser with every page',
        fix: 'move it to serverRuntimeConfig, or read it from process.env in server code only',
      },
    ],
  },
  { file: /^vite\.config\.[cm]?[jt]s$/, options: [define('Vite')] },
  { file: /^astro\.config\.[cm]?[jt]s$/, options: [define('Astro (Vite)')] },
  // Before SvelteKit 1.0, svelte.config.js took Vite's options under `kit.vite`; 1.0+ reads vite.config.*.
  { file: /^svelte\.config\.[cm]?[jt]s$/, options: [define('SvelteKit (Vite)')] },
  { file: /^rsbuild\.config\.[cm]?[jt]s$/, options: [define('Rsbuild')] },
  { file: /^modern\.config\.[cm]?[jt]s$/, options: [define('Modern.js')] },
  { file: /^farm\.config\.[cm]?[jt]s$/, options: [define('Farm')] },
  { file: /^wxt\.config\.[cm]?[jt]s$/, options: [define('WXT (Vite)')] },
  { file: /^electron\.vite\.config\.[cm]?[jt]s$/, options: [define('electron-vite')] },
  { file: /^\.umirc(?:\.[\w-]{1,20})?\.[cm]?[jt]s$/, options: [define('Umi')] },
  { path: /(?:^|\/)config\/config(?:\.[\w-]{1,20})?\.[cm]?[jt]s$/, options: [onlyIf(IMPORTS_UMI, define('Umi'))] },
  { file: /^quasar\.conf(?:ig)?\.[cm]?[jt]s$/, options: [envOf('Quasar', 'quasar.config build')] },
  { file: /^angular\.json$/, options: [define('Angular')] },
  {
    path: /(?:^|\/)config\/(?:index|dev|prod)\.[cm]?[jt]s$/,
    options: [
      onlyIf(IMPORTS_TARO, envOf('Taro', 'Taro config')),
      onlyIf(IMPORTS_TARO, { ...define('Taro'), opener: key('defineConstants'), what: 'Taro `defineConstants`' }),
    ],
  },
  {
    file: /^nuxt\.config\.[cm]?[jt]s$/,
    options: [
      {
        opener: key('runtimeConfig'),
        child: 'public',
        what: 'nuxt.config `runtimeConfig.public`',
        ships: 'Nuxt sends runtimeConfig.public to the browser with every page',
        fix:
          'move it out of `public` to the top level of runtimeConfig (server only) and call the provider from ' +
          'server/api routes',
      },
      {
        opener: key('publicRuntimeConfig'),
        what: 'nuxt.config `publicRuntimeConfig`',
        ships: 'Nuxt sends publicRuntimeConfig to the browser with every page',
        fix: NUXT_PRIVATE,
      },
      {
        opener: key('env'),
        // Nuxt 3 dropped `env` (a Nuxt 3 config calls defineNuxtConfig; Nuxt Bridge, which keeps it, too).
        appliesTo: (text) => !/\bdefineNuxtConfig\b/.test(text) || /@nuxt\/bridge/.test(text),
        what: 'nuxt.config `env`',
        ships: 'Nuxt 2 inlines nuxt.config `env` into the browser bundle',
        fix: NUXT_PRIVATE,
      },
    ],
  },
  {
    file: /^app\.(?:config\.[cm]?[jt]s|json)$/,
    options: [
      {
        opener: key('extra'),
        what: 'Expo config `extra`',
        ships: "Expo embeds `extra` in the app's manifest (Constants.expoConfig.extra) on every device",
        who: 'every user of the app',
        fix: 'keep the secret on your server and have the app call your server',
      },
    ],
  },
];
/** Storybook's `.storybook/main.*`: its `env` is inlined into the built Storybook. */
const STORYBOOK = {
  path: /(?:^|\/)\.storybook\/main\.[cm]?[jt]s$/,
  option: {
    // `env: { … }` or, as Storybook documents it, `env: (config) => ({ …config, … })`.
    opener: /(?<![\w$.])env\s{0,20}:\s{0,20}(?:\([^()]{0,100}\)\s{0,5}=>\s{0,5}\(?\s{0,5})?(?=[{[])/g,
    what: 'Storybook `env`',
    ships: 'Storybook inlines its `env` into the built Storybook',
    who: 'everyone who opens it',
    fix: `remove it from \`env\` and ${SERVER_CODE}`,
  } satisfies ClientOption,
};
/** webpack's plugins (and Gatsby's wrapper of DefinePlugin), in any JS/TS file. */
const PLUGINS: readonly ClientOption[] = [
  {
    opener: /(?<![\w$])(?:DefinePlugin|plugins\.define)\s{0,20}(?=\()/g,
    what: 'webpack DefinePlugin',
    ships: 'DefinePlugin inlines its values into the bundle webpack builds for the browser',
    fix: `keep it out of DefinePlugin and ${SERVER_CODE}`,
    plugin: true,
  },
  {
    opener: /(?<![\w$])EnvironmentPlugin\s{0,20}(?=\()/g,
    what: 'webpack EnvironmentPlugin',
    ships: 'EnvironmentPlugin inlines these environment variables into the bundle webpack builds for the browser',
    fix: `keep it out of EnvironmentPlugin and ${SERVER_CODE}`,
    plugin: true,
  },
];
const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
/** A webpack config for a server bundle: its DefinePlugin's values stay on the server. */
const NODE_TARGET = /\btarget\s{0,5}:\s{0,5}["'](?:async-)?node/;
const IF_SERVER = /if\s{0,5}\(\s{0,5}isServer\s{0,5}\)/;
/** Names in a string (`'process.env.STRIPE_SECRET_KEY'`). */
const NAME = /(?<![A-Za-z0-9_$])[A-Za-z_$][A-Za-z0-9_$]{0,100}(?![A-Za-z0-9_$])/g;

/** The options that apply to a file: by its name, plus the webpack plugins in any script. */
function optionsFor(file: FileContext | undefined): readonly ClientOption[] {
  if (!file) return PLUGINS;
  const name = baseName(file.path);
  const own = CONFIGS.find((c) => c.file?.test(name) || c.path?.test(file.path))?.options ?? [];
  const storybook = STORYBOOK.path.test(file.path) ? [STORYBOOK.option] : [];
  return [...own, ...storybook, ...(SCRIPT.test(name) ? PLUGINS : [])];
}

const secretPhrase = (s: SecretName) => (s.what.includes(s.provider) ? `the ${s.what}` : `the ${s.provider} ${s.what}`);

/** Payment secrets' names among a block's names and strings, each name once. */
function* secretsIn(text: string, block: Block, o: ClientOption, file: FileContext | undefined): Iterable<Candidate> {
  const seen = new Set<string>();
  const check = (name: string, start: number): Candidate | undefined => {
    if (seen.has(name)) return undefined;
    seen.add(name);
    // A public name is the public-env-secret rule's finding, wherever it is.
    if (publicPrefixOf(name, file?.publicPrefixes)) return undefined;
    const s = secretNamed(name);
    if (!s) return undefined;
    const who = o.who ?? 'every visitor';
    const message = `${name} in ${o.what}: ${o.ships}, so ${secretPhrase(s)} would reach ${who}: ${o.fix}`;
    return { start, end: start + name.length, secret: name, preview: name, message };
  };
  for (const t of block.tokens) {
    const found =
      t.kind === 'name'
        ? [check(text.slice(t.start, t.end), t.start)]
        : [...text.slice(t.start, t.end).matchAll(NAME)].map((m) => check(m[0], t.start + m.index));
    for (const c of found) if (c) yield c;
  }
}

/** The block of the option opening at `at`, or for an option with a child, that child's block. */
function blockOf(text: string, at: number, o: ClientOption): Block {
  const block = readBlock(text, at);
  if (!o.child) return block;
  const child = block.tokens.find((t) => t.depth === 1 && text.slice(t.start, t.end) === o.child);
  if (!child) return { ...block, tokens: [] };
  const open = /^["']?\s{0,20}:\s{0,20}\{/.exec(text.slice(child.end, child.end + 50));
  if (!open) return { ...block, tokens: [] };
  return { ...readBlock(text, child.end + open[0].length - 1), end: block.end };
}

/** An opener's literals (one of which its every match holds), read once; undefined where they cannot be read. */
const openerLiterals = new WeakMap<RegExp, string[] | undefined>();
/** Whether an option's opener may match in `text`: no regex walks a file that holds none of its literals. */
function mayOpen(o: ClientOption, text: string): boolean {
  if (!openerLiterals.has(o.opener)) {
    let literals: string[] | undefined;
    try {
      const read = anchorLiterals(o.opener);
      literals = read.caseless ? undefined : read.literals.map((l) => l.text);
    } catch {
      literals = undefined;
    }
    openerLiterals.set(o.opener, literals);
  }
  const literals = openerLiterals.get(o.opener);
  return literals === undefined || literals.some((l) => text.includes(l));
}

function* findClientConfig(text: string, from: number, to: number, _now: number, file?: FileContext) {
  let serverBuild: boolean | undefined;
  for (const o of optionsFor(file)) {
    if (!mayOpen(o, text) || (o.appliesTo && !o.appliesTo(text))) continue;
    let after = 0;
    for (const m of matches(o.opener, text, Math.max(0, from - MAX_BLOCK), to)) {
      const at = m.index + m[0].length;
      // Blocks are read once: one inside another was read with it.
      if (at < after) continue;
      if (o.plugin) {
        serverBuild ??= NODE_TARGET.test(text);
        if (serverBuild || IF_SERVER.test(text.slice(Math.max(0, m.index - 300), m.index))) continue;
      }
      const block = blockOf(text, at, o);
      after = block.end;
      for (const c of secretsIn(text, block, o, file)) if (c.start >= from && c.start < to) yield c;
    }
  }
}

export const clientConfigSecret: Rule = {
  id: 'client-config-secret',
  provider: 'Payment API Toolkit',
  title: 'Payment secret handed to the client by build config',
  severity: 'error',
  message: 'Build config hands a payment secret to the browser bundle',
  remediation:
    "Take the secret out of the option that inlines it (next.config `env`, a build tool's `define`, Nuxt's " +
    "runtimeConfig.public, Expo's `extra`, webpack's DefinePlugin/EnvironmentPlugin), read it only in server code " +
    "and call the provider from there. If a build ever shipped it, rotate it in the provider's dashboard.",
  docs: `${DOCS}#client-config-secret`,
  kind: 'exposure',
  anchor: PROVIDER_ANCHOR,
  // A config block and the variable it hands over may be far apart.
  anchorAnywhere: true,
  find: findClientConfig,
};
