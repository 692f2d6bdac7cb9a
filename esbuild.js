// Bundles: the extension (node, cjs), the CLI (node, with a shebang), the webview (browser, iife),
// and with --tests the integration suites that run inside VS Code.
// Flags: --production (minify, no source maps), --watch, --tests.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints errors the way VS Code's problem matcher for esbuild expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() =>
      console.log(`[watch] build started (${build.initialOptions.outfile ?? build.initialOptions.outdir})`),
    );
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [problemMatcher] : [],
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/**
 * undici is ~0.5 MB: bundled on its own into dist/undici.js and required only when the first request
 * is made, so activation does not pay for parsing it.
 */
const lazyUndici = {
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) =>
      args.kind === 'require-call' ? { path: './undici.js', external: true } : undefined,
    );
  },
};

function bundles() {
  if (tests) {
    const dir = 'test/integration';
    const entryPoints = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f));
    return [
      { ...node, entryPoints, outdir: 'out/test/integration', external: ['vscode', 'mocha'], sourcemap: true },
      // `npm run bench`: the editor's workspace scan, timed inside VS Code.
      {
        ...node,
        entryPoints: ['test/bench/editorScan.suite.ts'],
        outfile: 'out/test/bench/editorScan.js',
        external: ['vscode'],
      },
    ];
  }
  return [
    {
      ...node,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      external: ['vscode'],
      plugins: [...node.plugins, lazyUndici],
    },
    {
      ...node,
      entryPoints: ['src/cli.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
      plugins: [...node.plugins, lazyUndici],
    },
    { ...node, entryPoints: { undici: require.resolve('undici') }, outdir: 'dist' },
    // The scan worker: the scanning engine on its own thread, for `payapi scan --jobs` and the editor.
    // undici is reachable from the rules (a provider's probe) but never required there: left out, not
    // parsed by every thread that starts.
    {
      ...node,
      entryPoints: ['src/scanWorker.ts'],
      outfile: 'dist/scanWorker.js',
      plugins: [...node.plugins, lazyUndici],
    },
    // The text scan worker: one document (live linting) or webhook body at a time, with a time budget.
    {
      ...node,
      entryPoints: ['src/textScanWorker.ts'],
      outfile: 'dist/textScanWorker.js',
      plugins: [...node.plugins, lazyUndici],
    },
    {
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      entryPoints: ['src/webview/main.ts'],
      outfile: 'dist/webview/main.js',
    },
    {
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      entryPoints: ['src/webview/webhooks.ts'],
      outfile: 'dist/webview/webhooks.js',
    },
  ];
}

async function main() {
  const contexts = await Promise.all(bundles().map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
  if (!tests) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
