import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULES } from '../../src/core/scanner/rules';
import { cli } from './cliHarness';
import { secrets } from './secretFixtures';

const S = secrets();

/** A realistic mixed-language workspace: planted secrets (path, line, rule) and decoys. */
function plantWorkspace(dir: string) {
  const planted: { file: string; rule: string; value: string }[] = [];
  const files: Record<string, string> = {
    'src/helcim.ts': `import fetch from 'node-fetch';\n\nconst HELCIM_API_TOKEN = '${S.helcim}';\n\nexport async function ping() {\n  return fetch('https://api.helcim.com/v2/connection-test', { headers: { 'api-token': HELCIM_API_TOKEN } });\n}\n`,
    'src/ok.ts': `export const token = process.env.HELCIM_API_TOKEN;\nexport const example = 'sk_live_ab****1234';\nconst re = /sk_live_[A-Za-z0-9]{24}/;\n`,
    'app/billing.py': `import os, stripe\nstripe.api_key = "${S.stripeLive}"\nPLAID = os.environ["PLAID_TOKEN"]\nplaid_token = "${S.plaid}"\n`,
    'app/settings.py': 'HELCIM_API_TOKEN = os.environ.get("HELCIM_API_TOKEN", "your-helcim-api-token-here")\n',
    'config/gr4vy.yaml': `gr4vy:\n  id: acme\n  private_key: |\n${S.pem
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n`,
    'config/keys.json': JSON.stringify(
      { gr4vy: { private_key: S.pemSec1 }, jwk: JSON.parse(S.jwkJson) as unknown },
      null,
      2,
    ),
    'config/public.pem': S.publicPem,
    'web/checkout.php': `<?php\n$shopify = '${S.shopify}';\n$square = "${S.squareAccess}";\n`,
    'cmd/pay.go': `package main\n\nconst flutterwave = "${S.flutterwave}" // payapi-ignore\nvar token = "${S.jwt}"\n`,
    'scripts/deploy.sh': `#!/bin/sh\ncurl https://api.helcim.com/v2/connection-test -H 'api-token: ${S.helcim}'\n# secretlint-disable-next-line\nexport STRIPE_KEY=${S.stripeTest}\n`,
    'docs/README.md': `Use \`HELCIM_API_TOKEN=<your token>\` in .env.\n\n    curl -H 'Api-Token: ${S.helcim}' https://acme.api-us1.com/api/3/contacts\n`,
    '.env': `HELCIM_API_TOKEN=${S.helcim}\n`,
    '.env.example': 'HELCIM_API_TOKEN=your-token-here\n',
    'ignored/leak.ts': `const k = '${S.stripeLive}';\n`,
    '.gitignore': 'ignored/\n.env\n',
  };
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  planted.push(
    { file: 'src/helcim.ts', rule: 'helcim-api-token', value: S.helcim },
    { file: 'app/billing.py', rule: 'stripe-secret-key', value: S.stripeLive },
    { file: 'app/billing.py', rule: 'plaid-access-token', value: S.plaid },
    { file: 'config/gr4vy.yaml', rule: 'private-key-pem', value: '' },
    { file: 'config/keys.json', rule: 'private-key-pem', value: '' },
    { file: 'config/keys.json', rule: 'private-key-jwk', value: S.jwkD },
    { file: 'web/checkout.php', rule: 'shopify-access-token', value: S.shopify },
    { file: 'web/checkout.php', rule: 'square-access-token', value: S.squareAccess },
    { file: 'cmd/pay.go', rule: 'jwt', value: S.jwt },
    { file: 'scripts/deploy.sh', rule: 'helcim-api-token', value: S.helcim },
  );
  return planted;
}

describe('payapi scan on a mixed-language workspace with planted secrets and decoys', () => {
  let dir = '';
  let cwd = '';
  let planted: ReturnType<typeof plantWorkspace> = [];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-scan-'));
    planted = plantWorkspace(dir);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    cwd = process.cwd();
    process.chdir(dir);
  });
  after(() => {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds every planted secret and flags no decoy; git-ignored files are skipped', async () => {
    const r = await cli(['scan', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string; line: number }[] };
    const got = out.findings.map((f) => `${f.path} ${f.ruleId}`).sort();
    const want = planted.map((p) => `${p.file} ${p.rule}`).sort();
    assert.deepEqual(got, want);
    assert.equal(out.findings.find((f) => f.path === 'src/helcim.ts')?.line, 3);
  });

  it('never prints a secret: only masked previews', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = await cli(['scan', '--format', format]);
      for (const p of planted)
        if (p.value) assert.ok(!r.stdout.includes(p.value), `${format} output holds the ${p.rule} value`);
      assert.ok(!r.stdout.includes(S.pem.split('\n')[1] ?? '~'));
    }
  });

  it('--no-ignore scans git-ignored files too (.env judged by git, not by name)', async () => {
    const r = await cli(['scan', '--no-ignore', '--format', 'json']);
    const out = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] };
    assert.ok(out.findings.some((f) => f.path === 'ignored/leak.ts'));
    assert.ok(out.findings.some((f) => f.path === '.env'));
    assert.ok(!out.findings.some((f) => f.path === '.env.example'));
  });

  it('text output: path:line:col, severity, rule, message, masked preview, and a summary', async () => {
    const r = await cli(['scan', 'app']);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^app\/billing\.py:2:19: error stripe-secret-key: Hard-coded Stripe secret key \(••••••••....\)$/m,
    );
    assert.match(r.stdout, /^2 findings \(2 error or warning\) in 2 files\.$/m);
  });

  it('SARIF 2.1.0 with rule metadata and relative locations', async () => {
    const r = await cli(['scan', '--format', 'sarif', '--output', 'out.sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(fs.readFileSync('out.sarif', 'utf8')) as {
      version: string;
      $schema: string;
      runs: {
        tool: {
          driver: {
            name: string;
            rules: {
              id: string;
              shortDescription: { text: string };
              help: { text: string };
              defaultConfiguration: { level: string };
              properties: Record<string, unknown>;
            }[];
          };
        };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string; uriBaseId: string };
              region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
            };
          }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    fs.rmSync('out.sarif');
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const run = sarif.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'payapi');
    const ruleIds = run.tool.driver.rules.map((x) => x.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.shortDescription.text && rule.help.text, rule.id);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      assert.ok(typeof rule.properties['security-severity'] === 'string');
    }
    assert.equal(run.results.length, planted.length);
    for (const res of run.results) {
      assert.equal(ruleIds[res.ruleIndex], res.ruleId);
      const loc = res.locations[0]?.physicalLocation;
      assert.ok(loc && !path.isAbsolute(loc.artifactLocation.uri) && loc.artifactLocation.uriBaseId === '%SRCROOT%');
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1 && loc.region.endLine >= loc.region.startLine);
      assert.match(Object.values(res.partialFingerprints)[0] ?? '', /^[0-9a-f]{32}$/);
    }
  });

  it('--staged scans the index (what the commit will hold), not the working tree', async () => {
    fs.writeFileSync('staged.ts', `const k = '${S.shopifySecret}';\n`);
    execFileSync('git', ['add', 'staged.ts']);
    fs.writeFileSync('staged.ts', 'const k = process.env.SHOPIFY_SECRET;\n');
    const r = await cli(['scan', '--staged', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] };
    assert.deepEqual(
      out.findings.map((f) => `${f.path} ${f.ruleId}`),
      ['staged.ts shopify-shared-secret'],
    );
    execFileSync('git', ['rm', '-q', '-f', '--cached', 'staged.ts']);
    fs.rmSync('staged.ts');
  });

  it('exit 0 on a clean tree, 2 for usage and I/O errors; binary files are skipped', async () => {
    fs.mkdirSync('clean');
    fs.writeFileSync('clean/a.ts', 'export const a = 1;\n');
    fs.writeFileSync('clean/b.bin', Buffer.from([0, 1, 2, 3, ...Buffer.from(S.stripeLive)]));
    const ok = await cli(['scan', 'clean']);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /No secrets found in 1 file; skipped 1/);
    assert.equal((await cli(['scan', 'nope'])).code, 2);
    assert.equal((await cli(['scan', '--format', 'xml'])).code, 2);
    assert.equal((await cli(['scan', '--staged', 'src'])).code, 2);
    assert.equal((await cli(['scan', '--max-file-size', 'big'])).code, 2);
    for (const jobs of ['0', '65', 'many']) {
      const r = await cli(['scan', '--jobs', jobs]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--jobs must be a whole number from 1 to 64/);
    }
    fs.rmSync('clean', { recursive: true });
  });
});

describe('payapi scan size cap', () => {
  it('skips files over --max-file-size without reading them, and says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-cap-'));
    try {
      fs.writeFileSync(path.join(dir, 'big.js'), `const k = '${S.stripeLive}';\n${'x'.repeat(5000)}`);
      fs.writeFileSync(path.join(dir, 'small.js'), 'export {};\n');
      const r = await cli(['scan', '--no-ignore', '--max-file-size', '1000', '--format', 'json', dir]);
      const out = JSON.parse(r.stdout) as {
        findings: unknown[];
        scannedFiles: number;
        skipped: { path: string; why: string }[];
      };
      assert.equal(out.scannedFiles, 1);
      assert.deepEqual(out.findings, []);
      assert.match(out.skipped[0]?.why ?? '', /larger than 1000 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('this repository', () => {
  it('holds no secret-shaped text: every fixture is built at run time', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const r = await cli(['scan', '--format', 'json', root]);
    const out = JSON.parse(r.stdout) as {
      findings: { path: string; ruleId: string; line: number }[];
      scannedFiles: number;
    };
    assert.ok(out.scannedFiles > 50, `scanned only ${out.scannedFiles} files`);
    // Exposure rules find names (NEXT_PUBLIC_HELCIM_API_TOKEN), not values: the scanner's own tests and
    // docs name them on purpose. Only under test/ (unit, integration, e2e), media/ and the exposure rules' own sources.
    const exposure = new Set(RULES.filter((x) => x.kind === 'exposure').map((x) => x.id));
    assert.deepEqual(
      out.findings.filter((f) => !exposure.has(f.ruleId)).map((f) => `${f.path}:${f.line} ${f.ruleId}`),
      [],
    );
    assert.deepEqual(
      out.findings
        .filter((f) => exposure.has(f.ruleId))
        .map((f) => f.path)
        .filter((p) => !/^(?:test\/(?:unit|integration|e2e)|media|src\/core\/scanner\/exposure)\//.test(p)),
      [],
    );
  });
});
