import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint's own script through node: node_modules/.bin/eslint is a shell script that Windows cannot run.
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

describe('lint keeps the layers apart', () => {
  it(
    "importing 'vscode' in src/core, src/shared or src/webview fails npm run lint; in src/features it does not",
    { timeout: 120_000 },
    () => {
      const probes = ['src/core', 'src/shared', 'src/webview', 'src/features'].map((dir) =>
        path.join(ROOT, dir, '__lintProbe.ts'),
      );
      try {
        for (const p of probes)
          fs.writeFileSync(p, "import * as vscode from 'vscode';\n\nexport const probe = vscode.version;\n");
        const r = spawnSync(process.execPath, [ESLINT, '--format', 'json', ...probes], { cwd: ROOT, encoding: 'utf8' });
        assert.equal(r.status, 1, r.stderr);
        const results = JSON.parse(r.stdout) as {
          filePath: string;
          messages: { ruleId: string | null; message: string }[];
        }[];
        const restricted = (dir: string) =>
          results
            .find((x) => x.filePath.includes(`${dir}${path.sep}__lintProbe.ts`))
            ?.messages.filter((m) => m.ruleId === 'no-restricted-imports') ?? [];
        for (const dir of ['core', 'shared', 'webview']) {
          assert.equal(restricted(dir).length, 1, `no lint error for vscode in src/${dir}`);
          assert.match(restricted(dir)[0]?.message ?? '', /stay editor-free/);
        }
        assert.equal(restricted('features').length, 0, 'src/features may import vscode');
      } finally {
        for (const p of probes) fs.rmSync(p, { force: true });
      }
    },
  );
});

describe('lint keeps every git call in the one safe runner', () => {
  it('importing child_process anywhere in src but src/core/git/run.ts fails npm run lint', { timeout: 120_000 }, () => {
    const probes = ['src/core', 'src/features', 'src/cli', 'src/host'].map((dir) =>
      path.join(ROOT, dir, '__lintProbe.ts'),
    );
    try {
      for (const [i, p] of probes.entries())
        fs.writeFileSync(
          p,
          i % 2
            ? "import { execFile } from 'node:child_process';\n\nexport const probe = execFile;\n"
            : "import { spawn } from 'child_process';\n\nexport const probe = spawn;\n",
        );
      const r = spawnSync(
        process.execPath,
        [ESLINT, '--format', 'json', ...probes, path.join(ROOT, 'src', 'core', 'git', 'run.ts')],
        { cwd: ROOT, encoding: 'utf8' },
      );
      assert.equal(r.status, 1, r.stderr);
      const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
      for (const p of probes) {
        const own = results.find((x) => x.filePath === p)?.messages.filter((m) => m.ruleId === 'no-restricted-imports');
        assert.equal(own?.length, 1, `no lint error for child_process in ${path.relative(ROOT, p)}`);
      }
      const runner = results.find((x) => x.filePath.endsWith(path.join('core', 'git', 'run.ts')));
      assert.deepEqual(runner?.messages, [], 'the runner itself may start git');
    } finally {
      for (const p of probes) fs.rmSync(p, { force: true });
    }
  });
});
