// `npm run bench`: speed figures, side by side, on a corpus nobody here wrote (this project's own
// node_modules). Prints numbers; asserts nothing. Needs Debian's ripgrep; installs secretlint into a
// temp folder from npm.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Finding, rescan, scan } from '../../src/core/scanner/scan';
import { rand, secrets } from '../unit/secretFixtures';
import { historyTable } from './historySpeed';
import { profileTable } from './profile';
import { editorAndThreads, linearTimeTable, throughputTable } from './scanSpeed';

export const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(ROOT, 'node_modules');
export const RUNS = 3;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
export const mb = (bytes: number) => bytes / 1e6;

function corpusSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

export function wall(cmd: string, args: string[], opts: { cwd?: string; ok?: number[] } = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.error || !(opts.ok ?? [0, 1]).includes(r.status ?? -1))
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString().slice(0, 500)}`);
  return ms;
}

/** The same search as the scanner's rules, for ripgrep (context rules as their bare patterns). */
export const RG_PATTERNS = [
  String.raw`(?i)helcim[A-Za-z0-9_]{0,64}["']?\s{0,5}(=>|:=|[:=])\s{0,5}["'\x60]?[A-Za-z0-9!%@_.-]{20,128}`,
  String.raw`(?i)api[-_]token["']?\s{0,5}[:=,]\s{0,5}["'\x60]?[A-Za-z0-9!%@_.-]{20,128}`,
  String.raw`-----BEGIN ([A-Z0-9]{1,20} ){0,2}PRIVATE KEY-----`,
  String.raw`"d"\s{0,3}:\s{0,3}"[A-Za-z0-9_-]{32,700}"`,
  String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}`,
  String.raw`[sr]k_(live|test)_[A-Za-z0-9]{24,99}`,
  String.raw`whsec_[A-Za-z0-9]{32,64}`,
  String.raw`EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}`,
  String.raw`shp(at|ca|pa|ss)_[a-fA-F0-9]{32}`,
  String.raw`access-(sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
  String.raw`access_token\$(production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}`,
  String.raw`AQE[A-Za-z0-9+/=_-]{60,250}`,
  String.raw`sk_(sbox_[a-z0-9]{26}|(test_)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`,
  String.raw`(live|sandbox)_[A-Za-z0-9_=-]{40}`,
  String.raw`(live|test)_[A-Za-z0-9]{30}`,
  String.raw`FLWSECK(_TEST)?-[0-9a-f]{32}-X`,
  String.raw`(?i)(key[_-]?secret|private[_-]?key)["']?\s{0,5}[:=]\s{0,5}["'][A-Za-z0-9]{24,32}["']`,
  String.raw`(?i)(plaid[_.-]?secret|secret)["']?\s{0,5}[:=]\s{0,5}["']?[0-9a-f]{30}`,
  String.raw`(?i)(paypal[_.-]?(client[_.-]?)?secret|client[_.-]?secret)["']?\s{0,5}[:=]\s{0,5}["']?[A-Za-z0-9_-]{80}`,
  String.raw`FLWSECK(_TEST)?-?[0-9a-f]{12}`,
  String.raw`sandbox-sq0(atb|csb)-[A-Za-z0-9_-]{22,43}`,
  String.raw`(?i)secret[_-]?token["']?\s{0,5}[:=]\s{0,5}["']?[A-Za-z0-9!%@_.-]{20,128}`,
];

function secretlintDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-bench-secretlint-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}');
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--silent', 'secretlint', '@secretlint/secretlint-rule-preset-recommend'],
    { cwd: dir, stdio: 'ignore' },
  );
  fs.writeFileSync(
    path.join(dir, '.secretlintrc.json'),
    JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }),
  );
  return dir;
}

/** Copies the first files of the corpus until `limit` bytes: a subset for the slow tool, scanned by both. */
function subset(limit: number): { dir: string; bytes: number; files: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-bench-subset-'));
  let bytes = 0;
  let files = 0;
  const walk = (d: string): boolean => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (walk(p)) return true;
        continue;
      }
      if (!e.isFile() || !/\.(js|cjs|mjs|ts|json|md)$/.test(e.name)) continue;
      const size = fs.statSync(p).size;
      const to = path.join(dir, path.relative(CORPUS, p));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(p, to);
      bytes += size;
      files++;
      if (bytes >= limit) return true;
    }
    return false;
  };
  walk(CORPUS);
  return { dir, bytes, files };
}

function relint(label: string, text: string, edits: number): void {
  let doc = text;
  let findings: Finding[] = scan(doc);
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const offset = Math.floor(Math.random() * doc.length);
    const inserted = i % 2 ? 'x' : '';
    const removed = i % 2 ? 0 : 1;
    doc = doc.slice(0, offset) + inserted + doc.slice(offset + removed);
    // An editor hands over a flat string (getText()); flatten this one outside the timing.
    /^/.test(doc);
    const t0 = performance.now();
    findings = rescan(doc, findings, [{ offset, removed, inserted: inserted.length }]);
    times.push(performance.now() - t0);
  }
  console.log(
    `  ${label.padEnd(40)} p50 ${pct(times, 50).toFixed(2)} ms   p95 ${pct(times, 95).toFixed(2)} ms   (${edits} edits, ${findings.length} findings kept)`,
  );
}

function main(): void {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const corpus = corpusSize(CORPUS);
  console.log(
    `Corpus: ${path.relative(ROOT, CORPUS)}, ${corpus.files} files, ${mb(corpus.bytes).toFixed(1)} MB, ${os.availableParallelism()} cores\n`,
  );

  throughputTable(cli, 'node_modules', CORPUS, ['--no-ignore'], ['--no-ignore', '--hidden']);
  profileTable(ROOT, CORPUS);

  console.log(
    '\nsecretlint (recommended preset), on a 5 MB subset scanned by both (secretlint takes minutes on the whole corpus):',
  );
  const sub = subset(5e6);
  try {
    const sl = secretlintDir();
    try {
      const bin = path.join(sl, 'node_modules', '.bin', 'secretlint');
      const slMs = median(
        Array.from({ length: 1 }, () =>
          wall(bin, ['--secretlintrc', path.join(sl, '.secretlintrc.json'), '--format', 'json', `${sub.dir}/**/*`], {
            cwd: sl,
          }),
        ),
      );
      const pMs = median(
        Array.from({ length: RUNS }, () =>
          wall(process.execPath, [cli, 'scan', '--no-ignore', '--format', 'json', sub.dir]),
        ),
      );
      console.log(`  subset: ${sub.files} files, ${mb(sub.bytes).toFixed(1)} MB`);
      console.log(`  payapi scan   ${(pMs / 1000).toFixed(2)} s   ${(mb(sub.bytes) / (pMs / 1000)).toFixed(1)} MB/s`);
      console.log(
        `  secretlint    ${(slMs / 1000).toFixed(2)} s   ${(mb(sub.bytes) / (slMs / 1000)).toFixed(1)} MB/s   -> payapi is ${(slMs / pMs).toFixed(1)}x faster (target >= 10x)`,
      );
    } finally {
      fs.rmSync(sl, { recursive: true, force: true });
    }
  } catch (e) {
    console.log(`  secretlint could not be run: ${(e as Error).message.slice(0, 300)}`);
  } finally {
    fs.rmSync(sub.dir, { recursive: true, force: true });
  }

  console.log(
    '\nLongest single-file scan in the corpus (the workspace scan yields between files, so this bounds a block):',
  );
  const perFile: { ms: number; file: string; bytes: number }[] = [];
  const walkScan = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walkScan(p);
      else if (e.isFile() && /\.(js|cjs|mjs|ts|json|md)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        const t0 = performance.now();
        scan(text);
        perFile.push({ ms: performance.now() - t0, file: path.relative(CORPUS, p), bytes: text.length });
      }
    }
  };
  walkScan(CORPUS);
  const worst = perFile.sort((a, b) => b.ms - a.ms)[0];
  if (worst)
    console.log(
      `  ${worst.ms.toFixed(1)} ms for ${worst.file} (${mb(worst.bytes).toFixed(1)} MB); p99 ${pct(
        perFile.map((f) => f.ms),
        99,
      ).toFixed(2)} ms over ${perFile.length} files (target: no block over 50 ms)`,
    );

  console.log('\nRe-lint after a one-character edit (core rescan, as the editor runs it):');
  const S = secrets();
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    lines.push(
      i === 5000
        ? `const stripeKey = '${S.stripeLive}';`
        : i % 7 === 0
          ? `export function f${i}(a: number, b: string): string { return \`\${a}-\${b}-${rand('abcdefghij', 12)}\`; }`
          : `  const value${i} = compute(${i}, 'label ${i}', { retries: 3, timeoutMs: 5_000 });`,
    );
  }
  relint('10,000-line TypeScript file', lines.join('\n'), 400);
  const undici = fs.readFileSync(path.join(ROOT, 'dist', 'undici.js'), 'utf8').replace(/\n/g, ';');
  let minified = '';
  while (minified.length < 5e6) minified += undici;
  relint('5.0 MB minified file (one line)', minified.slice(0, 5e6), 200);
  console.log('  targets: p95 <= 2 ms (10k lines), <= 10 ms (5 MB)');

  linearTimeTable();
  historyTable(cli, CORPUS);
  editorAndThreads(cli, CORPUS);
}

if (require.main === module) main();
