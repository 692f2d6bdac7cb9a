// `npm run bench`, part two: the 10,000-file git repository through the CLI (one thread and the
// default), ripgrep (one thread and the default) and the editor's own workspace scan inside VS Code;
// then the linear-time table on adversarial inputs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scan } from '../../src/core/scanner/scan';
import { ADVERSARIAL } from '../unit/adversarial';
import { makeGitRepository } from './corpus';
import { RG_PATTERNS, ROOT, RUNS, mb, median, wall } from './run';

/** One timed workspace scan in VS Code, with the host's longest stalls then, idle, and for a notification alone. */
export interface EditorRun {
  ms: number;
  stallMs: number;
  idleStallMs: number;
  notificationStallMs: number;
  files: number;
}

/** Runs the editor suite in code-server on `folder`; its runs, or an error message. */
export function editorScan(folder: string): EditorRun[] | string {
  const out = path.join(os.tmpdir(), `payapi-bench-editor-${process.pid}.json`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'harness', 'runIntegration.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PAYAPI_TESTS_INDEX: path.join(ROOT, 'out', 'test', 'bench', 'editorScan.js'),
      PAYAPI_WORKSPACE_DIR: folder,
      PAYAPI_BENCH_OUT: out,
      HARNESS_TIMEOUT: '900',
    },
    encoding: 'utf8',
  });
  try {
    return JSON.parse(fs.readFileSync(out, 'utf8')) as EditorRun[];
  } catch {
    return `the editor run failed (${r.status}): ${(r.stderr || r.stdout).slice(-800)}`;
  } finally {
    fs.rmSync(out, { force: true });
  }
}

export function editorAndThreads(cli: string, nodeModules: string): void {
  const repo = makeGitRepository(nodeModules);
  try {
    console.log(
      `\nA git repository of ${repo.files} files (${mb(repo.bytes).toFixed(1)} MB) copied from node_modules (medians of ${RUNS}):`,
    );
    const patterns = path.join(os.tmpdir(), `payapi-bench-rg2-${process.pid}.txt`);
    fs.writeFileSync(patterns, `${RG_PATTERNS.join('\n')}\n`);
    const time = (cmd: string, args: string[]) =>
      median(Array.from({ length: RUNS }, () => wall(cmd, args, { cwd: repo.dir })));
    const cliOne = time(process.execPath, [cli, 'scan', '--jobs', '1', '--format', 'json', '.']);
    const cliAll = time(process.execPath, [cli, 'scan', '--format', 'json', '.']);
    const rgOk = spawnSync('rg', ['--version']).status === 0;
    const rgOne = rgOk ? time('rg', ['-j1', '-c', '-f', patterns, '.']) : NaN;
    const rgAll = rgOk ? time('rg', ['-c', '-f', patterns, '.']) : NaN;
    fs.rmSync(patterns);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `  payapi scan -j1        ${s(cliOne)}   rg -j1 ${s(rgOne)}   -> ${(cliOne / rgOne).toFixed(2)}x (goal <= 2x)`,
    );
    console.log(
      `  payapi scan (${os.availableParallelism()} jobs)   ${s(cliAll)}   rg (default threads) ${s(rgAll)}   -> ${(cliAll / rgAll).toFixed(2)}x (goal <= 2x)`,
    );
    const editor = editorScan(repo.dir);
    if (typeof editor === 'string') {
      console.log(`  editor workspace scan: ${editor}`);
      return;
    }
    const ms = median(editor.map((r) => r.ms));
    const stall = Math.max(...editor.map((r) => r.stallMs));
    console.log(
      `  editor "Scan Workspace for Secrets" (VS Code ${'1.100'}, ${editor[0]?.files ?? 0} files) ${s(ms)}   -> ${(ms / cliAll).toFixed(2)}x the CLI (target <= 2x)`,
    );
    const idle = Math.max(...editor.map((r) => r.idleStallMs));
    console.log(
      `  longest extension-host stall during the editor scans: ${stall.toFixed(0)} ms (target < 50 ms); ` +
        `with no scan running: ${idle.toFixed(0)} ms; a progress notification alone: ` +
        `${Math.max(...editor.map((r) => r.notificationStallMs)).toFixed(0)} ms`,
    );
  } finally {
    fs.rmSync(repo.dir, { recursive: true, force: true });
  }
}

export function linearTimeTable(): void {
  console.log('\nLinear time on adversarial input (one full scan each; 10x the input should cost about 10x):');
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    const t = [200_000, 2_000_000].map((n) => {
      const text = make(n);
      const t0 = performance.now();
      scan(text);
      return performance.now() - t0;
    });
    const [small = 0, large = 0] = t;
    console.log(
      `  ${name.padEnd(40)} 200 KB ${small.toFixed(0).padStart(5)} ms   2 MB ${large.toFixed(0).padStart(6)} ms   x${(large / Math.max(small, 1)).toFixed(1)}`,
    );
  }
}
