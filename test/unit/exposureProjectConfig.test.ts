// The public prefixes a project configures (Vite envPrefix, SvelteKit publicPrefix), read from its
// config files without trusting them: no link followed, no FIFO waited on, no large file read.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { scanFiles } from '../../src/core/scanner/engine';
import { ProjectConfigs, publicPrefixesIn } from '../../src/core/scanner/exposure/projectConfig';
import { listFiles } from '../../src/core/scanner/files';
import { NO_FIFOS, NO_SYMLINKS } from './platform';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-prefix-'));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('publicPrefixesIn', () => {
  it("Vite's envPrefix: one string or a list, any quotes", () => {
    assert.deepEqual(publicPrefixesIn("export default defineConfig({ envPrefix: 'APP_' })"), ['APP_']);
    assert.deepEqual(publicPrefixesIn('export default { envPrefix: ["VITE_", `CLIENT_`] }'), ['VITE_', 'CLIENT_']);
  });

  it("SvelteKit's publicPrefix", () => {
    assert.deepEqual(publicPrefixesIn("const config = { kit: { env: { publicPrefix: 'PUB_' } } };"), ['PUB_']);
  });

  it("Rsbuild's loadEnv prefixes, in an Rsbuild config only (`prefixes` says little elsewhere)", () => {
    const text = "const { publicVars } = loadEnv({ prefixes: ['PUBLIC_', 'CLIENT_'] });";
    assert.deepEqual(publicPrefixesIn(text, true), ['PUBLIC_', 'CLIENT_']);
    assert.deepEqual(publicPrefixesIn(text), []);
  });

  it('nothing from a value it cannot read, or from names that are not prefixes', () => {
    assert.deepEqual(publicPrefixesIn('envPrefix: process.env.PREFIX'), []);
    assert.deepEqual(publicPrefixesIn("envPrefix: 'A B'"), []);
    assert.deepEqual(publicPrefixesIn("envPrefix: '1X_'"), []);
    assert.deepEqual(publicPrefixesIn('const envPrefix = "APP_"'), []);
  });

  it('at most 20 options are read, and 2 MB of them quickly', () => {
    const many = Array.from({ length: 40 }, (_, i) => `envPrefix: 'P${i}_',`).join('\n');
    assert.equal(publicPrefixesIn(many).length, 20);
    for (const unit of ['envPrefix: [', "envPrefix: '", 'publicPrefix:', 'envPrefix: ["A_", ']) {
      const text = unit.repeat(Math.ceil(2_000_000 / unit.length));
      const t0 = performance.now();
      publicPrefixesIn(text);
      assert.ok(performance.now() - t0 < 500, `${unit}: ${Math.round(performance.now() - t0)} ms`);
    }
  });
});

describe('ProjectConfigs', () => {
  it('walks up from a file to its project and reads its config', () => {
    const dir = tree({
      'package.json': '{}',
      'vite.config.ts': "export default { envPrefix: ['VITE_', 'APP_'] };",
      'src/deep/main.ts': '',
    });
    assert.deepEqual(new ProjectConfigs().publicPrefixesFor(path.join(dir, 'src/deep/main.ts')), ['VITE_', 'APP_']);
  });

  it("Farm's and WXT's envPrefix, Rsbuild's loadEnv prefixes", () => {
    for (const [config, text] of <[string, string][]>[
      ['farm.config.ts', "export default defineConfig({ envPrefix: ['FARM_', 'SHOP_'] });"],
      ['wxt.config.ts', "export default defineConfig({ vite: () => ({ envPrefix: 'SHOP_' }) });"],
      ['rsbuild.config.mjs', "const { publicVars } = loadEnv({ prefixes: ['SHOP_'] });"],
    ]) {
      const dir = tree({ 'package.json': '{}', [config]: text, 'src/a.ts': '' });
      assert.ok(new ProjectConfigs().publicPrefixesFor(path.join(dir, 'src/a.ts')).includes('SHOP_'), config);
    }
  });

  it("stops at the file's own project (a package.json) and at the ceiling", () => {
    const dir = tree({
      'svelte.config.js': "export default { kit: { env: { publicPrefix: 'PUB_' } } };",
      'apps/web/package.json': '{}',
      'apps/web/src/a.ts': '',
      'b/src/b.ts': '',
    });
    const projects = new ProjectConfigs();
    assert.deepEqual(projects.publicPrefixesFor(path.join(dir, 'apps/web/src/a.ts')), []);
    assert.deepEqual(projects.publicPrefixesFor(path.join(dir, 'b/src/b.ts')), ['PUB_']);
    assert.deepEqual(new ProjectConfigs(path.join(dir, 'b')).publicPrefixesFor(path.join(dir, 'b/src/b.ts')), []);
  });

  it('a symlinked config is not followed (a repository could point it anywhere)', { skip: NO_SYMLINKS }, () => {
    const outside = tree({ 'vite.config.ts': "export default { envPrefix: 'APP_' };" });
    const dir = tree({ 'package.json': '{}', 'a.ts': '' });
    fs.symlinkSync(path.join(outside, 'vite.config.ts'), path.join(dir, 'vite.config.ts'));
    assert.deepEqual(new ProjectConfigs().publicPrefixesFor(path.join(dir, 'a.ts')), []);
  });

  it('a FIFO config is not waited on', { skip: NO_FIFOS }, () => {
    const dir = tree({ 'package.json': '{}', 'a.ts': '' });
    execFileSync('mkfifo', [path.join(dir, 'vite.config.ts')]);
    const t0 = performance.now();
    assert.deepEqual(new ProjectConfigs().publicPrefixesFor(path.join(dir, 'a.ts')), []);
    assert.ok(performance.now() - t0 < 1000);
  });

  it('a config over 256 KB is not read (2 MB: its prefix is ignored)', () => {
    const big = `export default { envPrefix: 'APP_' };\n//${'x'.repeat(2_000_000)}\n`;
    const dir = tree({ 'package.json': '{}', 'vite.config.ts': big, 'a.ts': '' });
    assert.deepEqual(new ProjectConfigs().publicPrefixesFor(path.join(dir, 'a.ts')), []);
  });
});

describe("a project's prefix through scanFiles (payapi scan)", () => {
  it('flags a payment secret under the prefix the Vite config makes public', () => {
    const dir = tree({
      'package.json': '{}',
      'vite.config.ts': "export default { envPrefix: 'CLIENT_' };",
      '.env': 'CLIENT_HELCIM_API_TOKEN=\nHELCIM_ACCOUNT_ID=1\n',
      'src/pay.ts': 'const t = import.meta.env.CLIENT_STRIPE_SECRET_KEY;\n',
      'server/pay.ts': 'const t = process.env.HELCIM_API_TOKEN;\n',
    });
    const { files } = listFiles(dir, { noIgnore: true });
    const found = [...scanFiles(files, { maxBytes: 1_000_000, overCap: 'skip', relativeTo: dir })].flatMap((r) =>
      r.kind === 'scanned' ? r.findings.map((f) => [f.path, f.ruleId, f.preview]) : [],
    );
    assert.deepEqual(
      found.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['.env', 'public-env-secret', 'CLIENT_HELCIM_API_TOKEN'],
        [path.join('src', 'pay.ts'), 'public-env-secret', 'CLIENT_STRIPE_SECRET_KEY'],
      ],
    );
  });
});
