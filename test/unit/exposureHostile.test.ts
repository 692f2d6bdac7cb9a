// What a hostile repository could do with browser-server-call, helcim-pay-secret-token-exposed and
// secret-in-log's response tracking: stall them with one long line of their own trigger words (2 MB
// within 6x the time of 512 KB, and under 1.5 s), or forge output through a preview (previews are the
// text itself: never a control character, one line, short).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileContext } from '../../src/core/scanner/fileContext';
import { helcimPaySecretTokenExposed } from '../../src/core/providers/helcim/exposureRules';
import { browserServerCall } from '../../src/core/scanner/exposure/browserServerCall';
import { secretInLog } from '../../src/core/scanner/exposure/secretInLog';
import type { Rule } from '../../src/core/scanner/rule';
import { scan } from '../../src/core/scanner/scan';
import { ONE_LINE_SEPARATORS, oneLine } from './adversarial';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Best of `runs` scans of `text` by `rule`, in ms. */
function time(text: string, rule: Rule, file: FileContext | undefined, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    scan(text, { rules: [rule], ...(file ? { file } : {}) });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** A complaint when 2 MB of `make` takes over 6x the time of 512 KB (timed again before it counts), or 1.5 s. */
function tooSlow(make: (n: number) => string, rule: Rule, file?: FileContext): string | undefined {
  const probe = time(make(32_000), rule, file, 1);
  if (probe > 150) return `32 KB took ${Math.round(probe)} ms`;
  let complaint: string | undefined;
  for (const runs of [1, 3]) {
    const small = time(make(512_000), rule, file, runs);
    const large = time(make(2_048_000), rule, file, runs);
    if (large < 1500 && large / Math.max(small, 5) <= 6) return undefined;
    complaint = `${small.toFixed(1)} ms → ${large.toFixed(1)} ms`;
  }
  return complaint;
}

/** Inputs made of the rules' own words: a prefix, then words joined by a separator, on one line. */
interface Case {
  name: string;
  rule: Rule;
  path?: string;
  prefix?: string;
  words: string[];
}

const CASES: Case[] = [
  {
    name: "'use client' and a long line of triggers",
    rule: browserServerCall,
    path: 'app/pay/page.tsx',
    prefix: "'use client'\n",
    words: ['api.helcim.com', 'process.env.HELCIM_API_TOKEN', "import Stripe from 'stripe'", '@gr4vy/sdk', '{ A'],
  },
  {
    name: 'unknown origin: directives only, then triggers',
    rule: browserServerCall,
    prefix: "'use client';".repeat(60),
    words: ["'use client'", 'process.env', '= process.env', 'import.meta.env.GR4VY_KEY'],
  },
  {
    name: '<script>, <script, </script, <!-- in a page',
    rule: browserServerCall,
    path: 'index.html',
    words: ['<script>', '<script', '</script', '<!--', '//api.helcim.com'],
  },
  {
    name: 'unclosed <script type=',
    rule: browserServerCall,
    path: 'views/a.php',
    words: ['<script type="', 'src=', '<!DOCTYPE html>'],
  },
  {
    name: 'SvelteKit private env, static and dynamic',
    rule: browserServerCall,
    path: 'src/routes/+page.svelte',
    prefix: '<script>',
    words: ['import {', "} from '$env/static/private'", "'$env/dynamic/private'", 'env.HELCIM_API_TOKEN'],
  },
  {
    name: 'Astro frontmatter never closed',
    rule: browserServerCall,
    path: 'a.astro',
    prefix: '---\n',
    words: ['<script>', 'api.helcim.com'],
  },
  {
    name: 'template outputs, comments and filters in a Jinja page',
    rule: browserServerCall,
    path: 'templates/pay.html',
    words: ['{{', '{#', '{{-', 'settings.STRIPE_SECRET_KEY', '|length', '|safe', '#}', '}}', '{%'],
  },
  {
    name: 'Blade @json( without its ), {{-- and {!! in a view',
    rule: browserServerCall,
    path: 'resources/views/pay.blade.php',
    words: ['@json(', '(', "config('services.helcim.token')", '{{--', '{!!', '--}}', '!!}', ')'],
  },
  {
    name: 'Razor @Model, @Configuration[", @Html.Raw( and e-mail @',
    rule: browserServerCall,
    path: 'Views/Pay.cshtml',
    words: ['@Model.HelcimApiToken', '@Configuration["', 'Helcim:ApiToken"]', '@Html.Raw(', '@(', 'me@x'],
  },
  {
    name: "a PHP page's echo, print and tags",
    rule: browserServerCall,
    path: 'checkout.php',
    prefix: '<html>',
    words: ['<?php', 'echo $helcimApiToken', '?>', 'print(', '<?=', '"$stripeSecretKey', ';'],
  },
  {
    name: 'PHP tags for the page test, then echo',
    rule: secretInLog,
    path: 'checkout.php',
    words: ['<?', '?>', '<?php echo', '$helcimApiToken;', 'error_log('],
  },
  {
    name: 'initialize responses logged, in and out of failure branches',
    rule: secretInLog,
    path: 'server.js',
    prefix: `fetch('helcim-pay/initialize')\n`,
    words: [
      'const data = await r.json();',
      'console.log(data);',
      'if (!r.ok) {',
      '} catch (e) {',
      'if r.status_code != 200:',
      'print(r.json())',
      '.secretToken',
    ],
  },
  {
    name: 'res.json( with unbalanced parentheses after initialize',
    rule: helcimPaySecretTokenExposed,
    path: 'server.js',
    prefix: `fetch('helcim-pay/initialize')\n`,
    words: ['res.json(', 'data', '(', 'secretToken'],
  },
  {
    name: 'sends of a variable assigned again and again',
    rule: helcimPaySecretTokenExposed,
    path: 'server.js',
    prefix: `fetch('helcim-pay/initialize')\n`,
    words: ['const data = await r.json();', 'res.json(data);', 'r = await fetch(INIT);', '{ data }'],
  },
  {
    name: 'returns in braces of a Nuxt handler',
    rule: helcimPaySecretTokenExposed,
    path: 'server/api/pay.ts',
    prefix: 'helcim-pay/initialize defineEventHandler(async (event) => {',
    words: ['return', '{', 'data', '}', 'secretToken', '=> {'],
  },
  {
    name: 'Python routes and returns',
    rule: helcimPaySecretTokenExposed,
    path: 'app.py',
    prefix: 'helcim-pay/initialize\n',
    words: ['@app.post("/x")', '\ndef f():', '\n    return r.json()', 'jsonify(', 'secret_token='],
  },
  {
    name: 'template openers without closers',
    rule: helcimPaySecretTokenExposed,
    path: 'templates/pay.html',
    prefix: 'helcim ',
    words: ['{{', '<%=', '<?php echo', 'secret_token', '}}'],
  },
  {
    name: 'Astro braces after a frontmatter',
    rule: helcimPaySecretTokenExposed,
    path: 'src/pages/pay.astro',
    prefix: '---\nhelcim\n---\n',
    words: ['{', 'secretToken', '}'],
  },
  {
    name: "secretToken in 'use client' code about HelcimPay.js",
    rule: helcimPaySecretTokenExposed,
    path: 'app/pay/page.tsx',
    prefix: "'use client'\nhelcim\n",
    words: ['secretToken', '//', 'localStorage.setItem("secretToken"'],
  },
];

describe('hostile input: one long line of the rules’ own words (512 KB vs 2 MB)', () => {
  for (const c of CASES) {
    it(`${c.rule.id}: ${c.name}`, () => {
      const file = c.path ? { path: c.path } : undefined;
      const slow: string[] = [];
      for (const form of [...c.words.map((w) => [w]), c.words]) {
        for (const sep of ONE_LINE_SEPARATORS) {
          const line = (c.prefix ?? '') + oneLine(form, sep, 2_048_000);
          const complaint = tooSlow((n) => line.slice(0, n), c.rule, file);
          if (complaint) slow.push(`${JSON.stringify(form.join(sep))}: ${complaint}`);
        }
      }
      assert.deepEqual(slow, []);
    });
  }
});

describe('hostile input: previews and messages', () => {
  it('never carry control characters, line breaks or bidirectional overrides, whatever the code holds', () => {
    const tricks = ['\u001b[2J', '\r', '\u2028', '\u202e', '\u000b', '\u0085'];
    const texts = tricks.flatMap((t) => [
      `fetch('helcim-pay/initialize')\nconst data = await r.json();\nres.json(await${t} r${t}.json());\nres.json(${t}data${t});`,
      `'use client'\nhelcim\nconst x = y.secretToken${t};\nfetch("https://api.helcim.com${t}/x")`,
      `<script>\nimport x from '@gr4vy/sdk${t}';\nconst { HELCIM_API_TOKEN${t} } = process.env;\n</script>`,
      `<p>{{ settings${t}.STRIPE_SECRET_KEY }}</p><p>{{ config['HELCIM_API_TOKEN${t}'] }}</p>`,
    ]);
    for (const text of texts) {
      for (const path of ['server.js', 'app/page.tsx', 'index.html']) {
        for (const f of scan(text, { file: { path } })) {
          if (f.ruleId !== browserServerCall.id && f.ruleId !== helcimPaySecretTokenExposed.id) continue;
          assert.doesNotMatch(f.preview, CONTROL, JSON.stringify(f.preview));
          assert.doesNotMatch(f.message, CONTROL, JSON.stringify(f.message));
          assert.ok(f.preview.length <= 80);
        }
      }
    }
  });

  it('a file name never reaches a message (only what placed the code: its directive or extension)', () => {
    const text = `<script>fetch('https://api.helcim.com/v2')</script>`;
    const [f] = scan(text, { file: { path: 'views/\u001b[31mevil\u202e.html' } });
    assert.equal(f?.ruleId, browserServerCall.id);
    assert.doesNotMatch(f?.message ?? '', /evil/);
    assert.doesNotMatch(f?.message ?? '', CONTROL);
  });

  it('junk before a real send does not hide it (only sites near a secretToken or in an initialize file are read)', () => {
    const junk = 'res.json(x'.repeat(40_000);
    const text = `${junk}\napp.post('/i', (req, res) => res.json({ secretToken: s }));\n`;
    const f = scan(text, { file: { path: 'server.js' } }).filter((x) => x.ruleId === helcimPaySecretTokenExposed.id);
    assert.deepEqual(
      f.map((x) => text.slice(x.start, x.end)),
      ['secretToken'],
    );
  });
});
