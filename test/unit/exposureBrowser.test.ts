// Code that certainly runs in the browser (browserRegions), and the browser-server-call rule on it:
// a provider's server API, server SDK or server-only secret there, across the front-end stacks.
// No secret values here: the findings are hosts, package names and variable names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserRegions, leadingDirectives, scriptBlocks } from '../../src/core/scanner/exposure/browserCode';
import { scanBytes } from '../../src/core/scanner/engine';
import { scan } from '../../src/core/scanner/scan';

const ID = 'browser-server-call';
const INIT = 'https://api.helcim.com/v2/helcim-pay/initialize';

/** What the rule finds in `text` at `path`, as the text of each finding's range. */
function found(text: string, path?: string, publicPrefixes?: string[]): string[] {
  const file = path === undefined ? undefined : { path, ...(publicPrefixes ? { publicPrefixes } : {}) };
  return scan(text, file ? { file } : {})
    .filter((f) => f.ruleId === ID)
    .map((f) => text.slice(f.start, f.end));
}

function messages(text: string, path: string): string[] {
  return scan(text, { file: { path } })
    .filter((f) => f.ruleId === ID)
    .map((f) => f.message);
}

const initCall = (token: string) =>
  `const r = await fetch('${INIT}', {\n  method: 'POST',\n  headers: { 'api-token': ${token} },\n});\n`;

describe('browserRegions: what certainly runs in the browser', () => {
  it("a module whose first statement is 'use client' (after comments and other directives), all of it", () => {
    const text = `// (c) Shop\n/* license */\n'use strict';\n"use client"\nexport const x = 1;\n`;
    assert.deepEqual(leadingDirectives(text), ['use strict', 'use client']);
    assert.deepEqual(browserRegions(text, { path: 'app/pay/Form.tsx' }), [
      { start: 0, end: text.length, marker: "'use client'" },
    ]);
    assert.equal(browserRegions(`#!/usr/bin/env node\n'use client'\n`)[0]?.marker, "'use client'");
  });

  it("not 'use client' after an import, in a string later on, or as an expression", () => {
    for (const text of [
      `import x from 'y';\n'use client';\n`,
      `const s = 'use client';\n`,
      `'use client'.length;\n`,
      `'use server';\nexport async function pay() {}\n`,
    ]) {
      assert.deepEqual(browserRegions(text, { path: 'app/x.ts' }), [], text);
    }
    assert.deepEqual(browserRegions(`'use client'\n`, { path: 'types/x.d.ts' }), []);
  });

  it('the <script> blocks of HTML pages and server templates, not data blocks, src scripts or comments', () => {
    const page =
      '<html><script type="application/json">{"a":1}</script><script src="/a.js"></script>' +
      '<script type="text/x-template"><div/></script><!-- <script>old()</script> -->' +
      '<SCRIPT type="module">run()</SCRIPT><script>go()</script></html>';
    const bodies = scriptBlocks(page).map((b) => page.slice(b.start, b.end));
    assert.deepEqual(bodies, ['run()', 'go()']);
    for (const ext of [
      'html',
      'htm',
      'php',
      'blade.php',
      'ejs',
      'hbs',
      'erb',
      'twig',
      'j2',
      'njk',
      'liquid',
      'cshtml',
    ]) {
      const regions = browserRegions(page, { path: `views/page.${ext}` });
      assert.deepEqual(
        regions.map((r) => page.slice(r.start, r.end)),
        ['run()', 'go()'],
        ext,
      );
    }
  });

  it('a text of unknown origin: <script> blocks only when it starts like an HTML page', () => {
    assert.equal(browserRegions('<!DOCTYPE html><script>go()</script>').length, 1);
    assert.deepEqual(browserRegions('const html = "<script>go()</script>"'), []);
  });

  it('.vue, .svelte and .astro <script> blocks; never *.server.vue or Astro frontmatter', () => {
    const vue = '<template><p/></template>\n<script setup lang="ts">\nconst a = 1\n</script>';
    assert.equal(browserRegions(vue, { path: 'pages/pay.vue' }).length, 1);
    assert.deepEqual(browserRegions(vue, { path: 'components/Pay.server.vue' }), []);
    const svelte = '<script context="module">export const m = 1</script>\n<script lang="ts">let a</script>';
    assert.equal(browserRegions(svelte, { path: 'src/routes/+page.svelte' }).length, 2);
    const astro = "---\nconst s = '<script>server()</script>'\n---\n<script>client()</script>";
    const regions = browserRegions(astro, { path: 'src/pages/pay.astro' });
    assert.deepEqual(
      regions.map((r) => astro.slice(r.start, r.end)),
      ['client()'],
    );
  });

  it('.js/.mjs/.html under public/ or static/, all of it; not .php, .cjs or .ts there', () => {
    for (const path of ['public/pay.js', 'web/public/js/app.mjs', 'static/index.html', 'app/static/x.htm']) {
      assert.equal(browserRegions('go()', { path }).length, 1, path);
    }
    for (const path of ['public/index.php', 'public/x.cjs', 'static/x.ts', 'publicity/x.js', 'src/app.js']) {
      assert.deepEqual(browserRegions('go()', { path }), [], path);
    }
  });
});

describe('browser-server-call: must flag', () => {
  it("Next.js app router: a 'use client' component calling HelcimPay.js initialize with the api-token", () => {
    const text = `'use client';\nexport default function Pay() {\n  async function go() {\n    ${initCall('process.env.HELCIM_API_TOKEN!')}  }\n}\n`;
    assert.deepEqual(found(text, 'app/checkout/page.tsx'), ['api.helcim.com', 'HELCIM_API_TOKEN']);
    const [host, env] = messages(text, 'app/checkout/page.tsx');
    assert.match(host ?? '', /Helcim API \(api\.helcim\.com\).*'use client'.*CORS.*return only the checkoutToken/);
    assert.match(env ?? '', /Reads HELCIM_API_TOKEN \(the Helcim api-token\).*'use client'/);
  });

  it("server SDKs imported in 'use client' code: @gr4vy/sdk, @gr4vy/node, stripe (import, require, import())", () => {
    const text =
      `"use client"\nimport { Gr4vy } from '@gr4vy/sdk';\nconst { Client } = require("@gr4vy/node");\n` +
      `const Stripe = (await import('stripe')).default;\n`;
    assert.deepEqual(found(text, 'components/Checkout.tsx'), ['@gr4vy/sdk', '@gr4vy/node', 'stripe']);
    assert.match(messages(text, 'components/Checkout.tsx')[0] ?? '', /Gr4vy's server SDK \(@gr4vy\/sdk\).*embed-react/);
  });

  it('Vite: a module <script> of index.html reading import.meta.env.GR4VY_PRIVATE_KEY and calling Helcim', () => {
    const text = `<!doctype html>\n<script type="module">\n  const key = import.meta.env.GR4VY_PRIVATE_KEY;\n  fetch("https://api.helcim.com/v2/payment/purchase");\n</script>\n`;
    assert.deepEqual(found(text, 'index.html'), ['GR4VY_PRIVATE_KEY', 'api.helcim.com']);
    assert.match(messages(text, 'index.html')[0] ?? '', /Vite gives the browser only VITE_/);
  });

  it('Create React App and plain sites: files under public/ and static/', () => {
    const js = `fetch('${INIT}', { headers: { 'api-token': token } })`;
    assert.deepEqual(found(js, 'public/checkout.js'), ['api.helcim.com']);
    assert.deepEqual(found(`<body><script>${js}</script></body>`, 'public/index.html'), ['api.helcim.com']);
    assert.deepEqual(found(js, 'static/js/pay.mjs'), ['api.helcim.com']);
  });

  it('SvelteKit: $env/static/private and $env/dynamic/private in a .svelte component', () => {
    const text = `<script>\n  import { HELCIM_API_TOKEN, PUBLIC_X } from '$env/static/private';\n</script>\n<p/>`;
    assert.deepEqual(found(text, 'src/routes/checkout/+page.svelte'), ['HELCIM_API_TOKEN']);
    const dynamic = `<script>\n  import { env } from '$env/dynamic/private';\n  const k = env.GR4VY_PRIVATE_KEY;\n</script>`;
    assert.deepEqual(found(dynamic, 'src/lib/Pay.svelte'), ['GR4VY_PRIVATE_KEY']);
    assert.match(messages(text, 'src/routes/checkout/+page.svelte')[0] ?? '', /SvelteKit refuses/);
  });

  it('Nuxt: a <script setup> of a page calling Helcim; Expo: a DOM component', () => {
    const vue = `<script setup lang="ts">\nconst data = await $fetch('${INIT}', { method: 'POST' })\n</script>\n<template><div/></template>`;
    assert.deepEqual(found(vue, 'pages/checkout.vue'), ['api.helcim.com']);
    const expo = `'use dom';\nexport default function Pay() { fetch('${INIT}'); }\n`;
    assert.deepEqual(found(expo, 'components/Pay.tsx'), ['api.helcim.com']);
    assert.match(messages(expo, 'components/Pay.tsx')[0] ?? '', /'use dom'/);
  });

  it('Astro: the client <script>, not the frontmatter that runs on the server', () => {
    const text = `---\nconst r = await fetch('${INIT}');\n---\n<button/>\n<script>\n  fetch('${INIT}');\n</script>\n`;
    const at = scan(text, { file: { path: 'src/pages/pay.astro' } }).filter((f) => f.ruleId === ID);
    assert.equal(at.length, 1);
    assert.ok((at[0]?.start ?? 0) > text.indexOf('<script>'));
  });

  it('server templates: PHP, Django/Flask (Jinja), Express (EJS): the <script>, not the server code', () => {
    const php = `<?php\n$ch = curl_init('${INIT}');\n?>\n<script>\n  fetch("https://api.helcim.com/v2/card-transactions");\n</script>\n`;
    const at = scan(php, { file: { path: 'resources/views/checkout.blade.php' } }).filter((f) => f.ruleId === ID);
    assert.equal(at.length, 1);
    assert.ok((at[0]?.start ?? 0) > php.indexOf('<script>'));
    const jinja = `{% block js %}<script>\nfetch('${INIT}')\n</script>{% endblock %}`;
    assert.deepEqual(found(jinja, 'templates/checkout.html'), ['api.helcim.com']);
    assert.deepEqual(found(jinja, 'views/checkout.ejs'), ['api.helcim.com']);
  });
});

describe('browser-server-call: must not flag', () => {
  it('Next.js: a route handler (app/api/…/route.ts) and pages/api do the job on the server', () => {
    const route = `import { NextResponse } from 'next/server';\nexport async function POST() {\n  ${initCall('process.env.HELCIM_API_TOKEN!')}  const data = await r.json();\n  return NextResponse.json({ checkoutToken: data.checkoutToken });\n}\n`;
    assert.deepEqual(found(route, 'app/api/helcim/route.ts'), []);
    assert.deepEqual(found(route, 'pages/api/helcim.ts'), []);
  });

  it('code nothing places in the browser: a pages-router component, Vite src/main.ts, CRA src/App.js, Express', () => {
    const component = `export default function Pay() { fetch('${INIT}'); return null }\nimport Stripe from 'stripe';\n`;
    for (const path of ['pages/checkout.tsx', 'src/main.ts', 'src/App.js', 'server.js', 'app.py']) {
      assert.deepEqual(found(component, path), [], path);
    }
  });

  it('server code of SvelteKit, Nuxt, Expo and Laravel', () => {
    const svelte = `import { HELCIM_API_TOKEN } from '$env/static/private';\n${initCall('HELCIM_API_TOKEN')}`;
    assert.deepEqual(found(svelte, 'src/routes/checkout/+page.server.ts'), []);
    assert.deepEqual(found(`export default defineEventHandler(() => $fetch('${INIT}'))`, 'server/api/pay.post.ts'), []);
    assert.deepEqual(found(`export async function POST() { ${initCall('t')} }`, 'app/api/pay+api.ts'), []);
    const vue = `<script setup>\nconst r = await $fetch('${INIT}')\n</script>`;
    assert.deepEqual(found(vue, 'components/Pay.server.vue'), []);
    assert.deepEqual(found(`<?php\n$ch = curl_init('${INIT}');\n`, 'public/index.php'), []);
  });

  it("browser SDKs, type-only imports, public values and HelcimPay.js's own script in 'use client' code", () => {
    const text = [
      "'use client'",
      "import { loadStripe } from '@stripe/stripe-js';",
      "import Embed from '@gr4vy/embed-react';",
      "import { SecureFields } from '@gr4vy/secure-fields';",
      "import '@gr4vy/embed';",
      "import type Stripe from 'stripe';",
      "import { type Gr4vy, type Environment } from '@gr4vy/sdk';",
      "type S = typeof import('stripe');",
      'const id = process.env.NEXT_PUBLIC_GR4VY_ID;',
      'const checkout = process.env.HELCIM_CHECKOUT_TOKEN;',
      'const pk = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;',
      "const s = 'https://secure.helcim.app/helcim-pay/services/start.js';",
      "fetch('/api/helcim-pay/initialize', { method: 'POST' });",
      '// never call https://api.helcim.com from here',
      'const url = `${origin}/api.helcim.com.example`;',
    ].join('\n');
    assert.deepEqual(found(text, 'app/checkout/Pay.tsx'), []);
  });

  it('a public-prefixed name is left to public-env-secret (no double finding), the project’s own prefixes too', () => {
    const text = `'use client'\nconst t = process.env.NEXT_PUBLIC_HELCIM_API_TOKEN;\nconst v = import.meta.env.VITE_HELCIM_API_TOKEN;\n`;
    assert.deepEqual(found(text, 'app/x.tsx'), []);
    const page = '<script type="module">const t = import.meta.env.APP_HELCIM_API_TOKEN;</script>';
    assert.deepEqual(found(page, 'index.html', ['APP_']), []);
    assert.deepEqual(found(page, 'index.html'), ['APP_HELCIM_API_TOKEN']);
  });
});

describe('browser-server-call through scanBytes (the CLI and workspace scan)', () => {
  it('the same file is a finding in app/…/page.tsx with its marker, and nothing as a pages-router file', () => {
    const text = `'use client'\nimport { Gr4vy } from "@gr4vy/sdk";\n`;
    const findings = scanBytes(Buffer.from(text), 'app/checkout/page.tsx').filter((f) => f.ruleId === ID);
    assert.deepEqual(
      findings.map((f) => [f.line, f.column, f.preview, f.severity]),
      [[2, 24, '@gr4vy/sdk', 'error']],
    );
    const plain = Buffer.from(text.replace("'use client'\n", ''));
    assert.deepEqual(
      scanBytes(plain, 'pages/checkout.tsx').filter((f) => f.ruleId === ID),
      [],
    );
    const html = Buffer.from(`<script>fetch('${INIT}')</script>`);
    assert.equal(scanBytes(html, 'templates/pay.html').filter((f) => f.ruleId === ID).length, 1);
    assert.equal(scanBytes(html, 'README.md').filter((f) => f.ruleId === ID).length, 0);
  });
});
