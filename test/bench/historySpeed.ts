// `payapi scan --history` against the floor (git log -p alone) and a reference pipeline (git log -p
// piped into ripgrep with the same patterns), on this repository's history and on a history of
// packages nobody here wrote, committed one package per commit.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RG_PATTERNS, ROOT, mb, median } from './run';
import { ROUNDS, interleaved, medianRatio } from './scanSpeed';

const LOG = ['log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv'];

/** A repository whose history adds the packages of `nodeModules` one commit at a time, up to `limit` bytes. */
function historyRepository(nodeModules: string, limit: number): { dir: string; commits: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-bench-history-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], {
      cwd: dir,
      stdio: 'ignore',
    });
  git('init', '-q');
  let bytes = 0;
  let commits = 0;
  const packages = fs
    .readdirSync(nodeModules)
    .filter((n) => !n.startsWith('.') && !n.startsWith('@'))
    .sort();
  for (const p of packages) {
    if (bytes >= limit) break;
    const from = path.join(nodeModules, p);
    fs.cpSync(from, path.join(dir, 'packages', p), {
      recursive: true,
      filter: (src) => !path.relative(from, src).split(path.sep).includes('node_modules'),
    });
    bytes += Number(execFileSync('du', ['-sb', path.join(dir, 'packages', p)], { encoding: 'utf8' }).split('\t')[0]);
    git('add', '-A');
    git('commit', '-q', '-m', `add ${p}`);
    commits++;
  }
  return { dir, commits };
}

function diffBytes(dir: string): number {
  const r = spawnSync('git', LOG, { cwd: dir, maxBuffer: 2 * 1024 * 1024 * 1024 });
  return r.stdout.length;
}

/** A Node program that runs git log -p as payapi does (spawned, read from a pipe) and does nothing with it. */
function readerScript(): string {
  return [
    "const { spawn } = require('node:child_process');",
    `const git = spawn('git', ${JSON.stringify(LOG)}, { stdio: ['ignore', 'pipe', 'inherit'] });`,
    'git.stdout.resume();',
    "git.on('close', (code) => process.exit(code ?? 2));",
  ].join('\n');
}

function compare(label: string, dir: string, cli: string): void {
  const bytes = diffBytes(dir);
  const patterns = path.join(os.tmpdir(), `payapi-bench-rg-history-${process.pid}.txt`);
  fs.writeFileSync(patterns, `${RG_PATTERNS.join('\n')}\n`);
  const rgOk = spawnSync('rg', ['--version']).status === 0;
  const pipeline = `git ${LOG.join(' ')} | rg -j1 -c -f ${patterns}`;
  const [floor = [], payapi = [], reader = [], rg = []] = interleaved([
    { cmd: 'git', args: LOG, cwd: dir },
    { cmd: process.execPath, args: [cli, 'scan', '--history', '--no-baseline', '--format', 'json'], cwd: dir },
    { cmd: process.execPath, args: ['-e', readerScript()], cwd: dir },
    ...(rgOk ? [{ cmd: 'sh', args: ['-c', pipeline], cwd: dir }] : []),
  ]);
  fs.rmSync(patterns);
  const rate = (ms: number[]) =>
    `${(median(ms) / 1000).toFixed(2)} s   ${(mb(bytes) / (median(ms) / 1000)).toFixed(0)} MB/s`;
  console.log(`  ${label}: ${mb(bytes).toFixed(1)} MB of git log -p -U0, ${ROUNDS} interleaved rounds (medians)`);
  console.log(`    git log -p alone          ${rate(floor)}`);
  console.log(
    `    node reading its output    ${rate(reader)}   -> ${medianRatio(reader, floor).toFixed(2)}x git log -p alone ` +
      '(Node starting, spawning git and reading the pipe, nothing else: the floor of any Node CLI here)',
  );
  if (rgOk) console.log(`    git log -p | rg -j1        ${rate(rg)}`);
  console.log(
    `    payapi scan --history      ${rate(payapi)}   -> ${medianRatio(payapi, floor).toFixed(2)}x git log -p alone (acceptance <= 1.5x)` +
      (rgOk ? `, ${medianRatio(payapi, rg).toFixed(2)}x the rg pipeline` : ''),
  );
}

/** Prints the history figures: this repository, and a generated history of about 40 MB. */
export function historyTable(cli: string, nodeModules: string): void {
  console.log('\nHistory scan (payapi scan --history):');
  compare("this repository's history", ROOT, cli);
  const repo = historyRepository(nodeModules, 40e6);
  try {
    compare(`${repo.commits} commits adding packages from node_modules`, repo.dir, cli);
  } finally {
    fs.rmSync(repo.dir, { recursive: true, force: true });
  }
}
