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
import { RG_PATTERNS, ROOT, mb, median, wall } from './run';

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

/** Interleaved rounds of the throughput comparison (each round runs every command once). */
export const ROUNDS = 5;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Runs `commands` in interleaved rounds (one of each per round, so a busy moment of the machine
 * falls on all of them alike) and returns each one's times, in rounds.
 */
export function interleaved(
  commands: readonly { cmd: string; args: string[]; cwd?: string }[],
  rounds = ROUNDS,
): number[][] {
  const times = commands.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    commands.forEach((c, i) => times[i]?.push(wall(c.cmd, c.args, c.cwd ? { cwd: c.cwd } : {})));
  return times;
}

/** The median over rounds of a / b, each round's pair measured back to back. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / (b[i] ?? NaN)));
}

/**
 * payapi scan on one thread and on the default threads against ripgrep with the rules' patterns,
 * one thread and default threads, in interleaved rounds; prints medians and median ratios. Returns
 * the median of payapi's default-threads runs (the editor is compared with it).
 */
export function throughputTable(
  cli: string,
  label: string,
  dir: string,
  payapiArgs: string[],
  rgArgs: string[],
): number {
  const patterns = path.join(os.tmpdir(), `payapi-bench-rg-${process.pid}.txt`);
  fs.writeFileSync(patterns, `${RG_PATTERNS.join('\n')}\n`);
  try {
    const rgOk = spawnSync('rg', ['--version']).status === 0;
    const scan = [cli, 'scan', '--no-baseline', '--format', 'json', ...payapiArgs, '.'];
    const commands = [
      { cmd: process.execPath, args: [...scan, '--jobs', '1'], cwd: dir },
      { cmd: process.execPath, args: scan, cwd: dir },
      ...(rgOk
        ? [
            { cmd: 'rg', args: ['-j1', '-c', ...rgArgs, '-f', patterns, '.'], cwd: dir },
            { cmd: 'rg', args: ['-c', ...rgArgs, '-f', patterns, '.'], cwd: dir },
          ]
        : []),
    ];
    const [one = [], all = [], rgOne = [], rgAll = []] = interleaved(commands);
    console.log(`Throughput on ${label}, ${ROUNDS} interleaved rounds (medians):`);
    const line = (what: string, p: number[], r: number[]) =>
      console.log(
        `  ${what.padEnd(22)} payapi ${sec(median(p))}   rg ${rgOk ? sec(median(r)) : 'not installed'}` +
          (rgOk ? `   -> ${medianRatio(p, r).toFixed(2)}x rg (acceptance <= 4x)` : ''),
      );
    line('one thread (-j1)', one, rgOne);
    line(`default threads (${os.availableParallelism()})`, all, rgAll);
    return median(all);
  } finally {
    fs.rmSync(patterns, { force: true });
  }
}

export function editorAndThreads(cli: string, nodeModules: string): void {
  const repo = makeGitRepository(nodeModules);
  try {
    console.log(
      `\nA git repository of ${repo.files} files (${mb(repo.bytes).toFixed(1)} MB) copied from node_modules:`,
    );
    const before = throughputTable(cli, 'the repository (git lists the files)', repo.dir, [], []);
    const editor = editorScan(repo.dir);
    if (typeof editor === 'string') {
      console.log(`  editor workspace scan: ${editor}`);
      return;
    }
    // The CLI again after the editor's runs, so both sides of the ratio see the machine alike.
    const after = median(
      interleaved(
        [{ cmd: process.execPath, args: [cli, 'scan', '--no-baseline', '--format', 'json', '.'], cwd: repo.dir }],
        3,
      )[0] ?? [],
    );
    const cliMs = median([before, after]);
    const ms = median(editor.map((r) => r.ms));
    const stall = Math.max(...editor.map((r) => r.stallMs));
    console.log(
      `  editor "Scan Workspace for Secrets" (VS Code 1.100, ${editor[0]?.files ?? 0} files, median of ${editor.length}) ${sec(ms)}` +
        `   CLI, default threads ${sec(cliMs)}   -> ${(ms / cliMs).toFixed(2)}x the CLI (acceptance <= 2x)`,
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
  console.log(
    '\nLinear time on adversarial input (the quickest of 3 full scans each, so a collection or a compile ' +
      'in one run does not read as growth; 10x the input should cost about 10x):',
  );
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    const t = [200_000, 2_000_000].map((n) => {
      const text = make(n);
      return Math.min(
        ...[0, 1, 2].map(() => {
          const t0 = performance.now();
          scan(text);
          return performance.now() - t0;
        }),
      );
    });
    const [small = 0, large = 0] = t;
    console.log(
      `  ${name.padEnd(40)} 200 KB ${small.toFixed(1).padStart(6)} ms   2 MB ${large.toFixed(1).padStart(7)} ms   x${(large / Math.max(small, 0.1)).toFixed(1)}`,
    );
  }
}
