// payapi scan on a small Next.js app whose payment secret reaches the browser without a literal in
// any tracked file: a git-ignored .env.local under a public name, and a client component calling the
// Helcim API. Exit 1, the exposure rules in SARIF, and the token nowhere in what is printed. A
// git-ignored .env.local that is a link or a FIFO is skipped, not followed or waited on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from './cliHarness';
import { helcimToken } from './fixtures';
import { NO_FIFOS, NO_SYMLINKS } from './platform';

const TOKEN = helcimToken();
const PAY =
  "'use client';\nexport default function Pay() {\n  async function go() {\n" +
  "    await fetch('https://api.helcim.com/v2/helcim-pay/initialize', {\n      method: 'POST',\n" +
  "      headers: { 'api-token': process.env.NEXT_PUBLIC_HELCIM_API_TOKEN ?? '' },\n    });\n  }\n" +
  '  return <button onClick={go}>Pay</button>;\n}\n';

/** A Next.js app in a fresh git repository; `.env.local` is git-ignored and made by `env`. */
function nextApp(env: (file: string, outside: string) => void): { dir: string; outside: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-next-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-outside-'));
  const files: Record<string, string> = {
    'package.json': '{ "name": "shop", "dependencies": { "next": "15.0.0" } }\n',
    '.gitignore': 'node_modules\n.next\n.env.local\n',
    'next.config.mjs': 'export default {};\n',
    'app/checkout/Pay.tsx': PAY,
    'app/checkout/page.tsx': "import Pay from './Pay';\nexport default function Page() {\n  return <Pay />;\n}\n",
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  env(path.join(dir, '.env.local'), outside);
  return { dir, outside };
}

interface Sarif {
  runs: {
    tool: { driver: { rules: { id: string; properties: { tags: string[] } }[] } };
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}

describe('payapi scan: a Next.js app leaking the Helcim api-token to the browser', () => {
  let app = { dir: '', outside: '' };
  before(() => {
    app = nextApp((file) => fs.writeFileSync(file, `NEXT_PUBLIC_HELCIM_API_TOKEN=${TOKEN}\n`));
  });
  after(() => {
    for (const d of Object.values(app)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('--format sarif: exit 1, the exposure rule ids tagged exposure, and no token text anywhere', async () => {
    const r = await cli(['scan', '--format', 'sarif', app.dir]);
    assert.equal(r.code, 1, r.stderr);
    const run = (JSON.parse(r.stdout) as Sarif).runs[0];
    assert.ok(run);
    // Locations are relative to the working directory (SARIF's %SRCROOT%).
    const inApp = (uri = '') => path.relative(app.dir, path.resolve(uri)).split(path.sep).join('/');
    const got = run.results.map((x) => `${inApp(x.locations[0]?.physicalLocation.artifactLocation.uri)} ${x.ruleId}`);
    assert.deepEqual(got.sort(), [
      '.env.local public-env-secret',
      'app/checkout/Pay.tsx browser-server-call',
      'app/checkout/Pay.tsx public-env-secret',
    ]);
    for (const id of ['public-env-secret', 'browser-server-call']) {
      const rule = run.tool.driver.rules.find((x) => x.id === id);
      assert.ok(rule?.properties.tags.includes('exposure'), id);
    }
    for (const part of [TOKEN, TOKEN.slice(0, 16), TOKEN.slice(-16)]) {
      assert.ok(!r.stdout.includes(part) && !r.stderr.includes(part), 'the token is in the output');
    }
  });

  it('text and json: the same findings, no token text', async () => {
    for (const format of ['text', 'json']) {
      const r = await cli(['scan', '--format', format, app.dir]);
      assert.equal(r.code, 1, format);
      assert.match(r.stdout, /NEXT_PUBLIC_HELCIM_API_TOKEN/);
      assert.ok(!r.stdout.includes(TOKEN.slice(8, 40)) && !r.stderr.includes(TOKEN.slice(8, 40)), format);
    }
  });
});

describe('payapi scan: a git-ignored .env.local that is not a regular file', () => {
  /**
   * Scans the app whose .env.local `env` makes: exit 0, nothing from it, and quickly. `listed`: git
   * lists it (a link; git passes over a FIFO), so the scan says it skipped it.
   */
  async function scanSkips(env: (file: string, outside: string) => void, listed: boolean) {
    const app = nextApp(env);
    try {
      fs.writeFileSync(path.join(app.dir, 'app/checkout/Pay.tsx'), 'export const x = 1;\n');
      const t0 = performance.now();
      const r = await cli(['scan', '--format', 'json', app.dir]);
      assert.ok(performance.now() - t0 < 10_000, 'the scan waited');
      const out = JSON.parse(r.stdout) as { findings: unknown[]; skipped: { path: string; why: string }[] };
      assert.deepEqual(out.findings, []);
      const skipped = out.skipped.filter((x) => x.path.endsWith('.env.local')).map((x) => x.why);
      assert.deepEqual(skipped, listed ? ['not a regular file'] : []);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes(TOKEN.slice(8, 40)));
    } finally {
      for (const d of Object.values(app)) fs.rmSync(d, { recursive: true, force: true });
    }
  }

  it('a link to a file outside the repository is not followed', { skip: NO_SYMLINKS }, async () => {
    await scanSkips((file, outside) => {
      fs.writeFileSync(path.join(outside, 'secrets.env'), `NEXT_PUBLIC_HELCIM_API_TOKEN=${TOKEN}\n`);
      fs.symlinkSync(path.join(outside, 'secrets.env'), file);
    }, true);
  });

  it('a FIFO is not waited on', { skip: NO_FIFOS }, async () => {
    await scanSkips((file) => execFileSync('mkfifo', [file]), false);
  });
});
