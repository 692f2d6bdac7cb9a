// `npm run bench`: where a one-thread `payapi scan` spends its time, from a V8 CPU profile of a build
// that keeps function names (the shipped bundle is minified): reading files, the prefilter pass,
// decoding the files that pass it, the rules, listing, garbage collection, the rest.
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const PHASES = ['reads', 'listing', 'prefilter', 'decode', 'rules', 'gc', 'other'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * The phase of a frame, if it names one. Native fs calls (no URL) are reads, or listing for a
 * folder; the engine's functions are known by name (esbuild may append a digit to a name).
 */
function phaseOf(frame: ProfileNode['callFrame']): Phase | undefined {
  const name = frame.functionName.replace(/\d+$/, '');
  if (name === '(garbage collector)') return 'gc';
  if (frame.url === '' && /^(?:open|read|close|fstat|lstat)$/.test(name)) return 'reads';
  if (frame.url === '' && /^(?:readdir|scandir|opendir)$/.test(name)) return 'listing';
  // The engine's `decode` (UTF-8 to a string) runs inside the prefilter when an anchor needs confirming.
  if (name === 'decode') return 'decode';
  if (/^(?:rulesIn|rulesInText|rulesFor|Prefilter|prefilterOf)$/.test(name)) return 'prefilter';
  if (/^(?:scanChosen|scanDecoded)$/.test(name)) return 'rules';
  if (name === 'read' && frame.url !== '' && !frame.url.startsWith('node:')) return 'reads';
  if (/^(?:listFiles|walk|listWalked|listGit)$/.test(name)) return 'listing';
  if (name === 'scanBytes') return 'decode';
  return undefined;
}

/** Milliseconds per phase: each sample goes to the innermost frame of its stack that names a phase. */
export function phases(profile: CpuProfile): Record<Phase, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, Phase>();
  const phaseOfNode = (id: number): Phase => {
    const known = memo.get(id);
    if (known) return known;
    const seen: number[] = [];
    let phase: Phase = 'other';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const cached = memo.get(at);
      if (cached) {
        phase = cached;
        break;
      }
      seen.push(at);
      const p = phaseOf(byId.get(at)?.callFrame ?? { functionName: '', url: '' });
      if (p) {
        phase = p;
        break;
      }
    }
    for (const s of seen) memo.set(s, phase);
    return phase;
  };
  const out = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    // The idle and program pseudo-frames are not the scan's.
    if (node?.callFrame.functionName === '(idle)') return;
    out[phaseOfNode(id)] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return out;
}

/** The CLI bundled with its names kept, into a temporary folder (the caller removes it). */
function namedBuild(root: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-bench-profile-'));
  // esbuild's API, as esbuild.js uses it, without minifying.
  buildSync({
    entryPoints: [path.join(root, 'src', 'cli.ts')],
    outfile: path.join(dir, 'cli.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    keepNames: true,
    external: ['undici'],
    logLevel: 'error',
  });
  return dir;
}

/** The frames with the most self time: name (a regular expression's source, cut), where, ms. */
export function topFrames(profile: CpuProfile, n: number): { frame: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    if (!f || f.functionName === '(idle)') return;
    const where = f.url ? ` ${f.url.split('/').slice(-1)[0]}` : '';
    const key = `${f.functionName.slice(0, 70) || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([frame, ms]) => ({ frame, ms }));
}

/** Profiles `payapi scan --jobs 1` on `corpus` and prints where the time went. */
export function profileTable(root: string, corpus: string): void {
  const dir = namedBuild(root);
  try {
    const profDir = path.join(dir, 'prof');
    const r = spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${profDir}`,
        path.join(dir, 'cli.js'),
        'scan',
        '--no-ignore',
        '--no-baseline',
        '--jobs',
        '1',
        '--format',
        'json',
        corpus,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`the profiled scan failed: ${r.stderr.toString().slice(0, 300)}`);
    const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no profile was written');
    const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile;
    const ms = phases(profile);
    const total = PHASES.reduce((a, p) => a + ms[p], 0);
    console.log(
      `\nWhere a one-thread scan of ${path.basename(corpus)} spends its time (CPU profile, ${total.toFixed(0)} ms):`,
    );
    for (const p of PHASES)
      console.log(
        `  ${p.padEnd(10)} ${ms[p].toFixed(0).padStart(6)} ms  ${((100 * ms[p]) / total).toFixed(0).padStart(3)}%`,
      );
    console.log('  top entries (self time):');
    for (const { frame, ms: t } of topFrames(profile, 12)) console.log(`    ${t.toFixed(0).padStart(6)} ms  ${frame}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
