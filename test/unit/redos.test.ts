// Static ReDoS check: every regular expression in src/ is analysed by recheck, so no pattern can take
// time that grows faster than its input (issue 18). Literals are read from the TypeScript source;
// patterns built with `new RegExp(…)` are taken from the modules themselves, as they build them.
// recheck runs on its pure-JS backend (the same verdicts on every platform), on two worker threads.
//
// Each pattern is checked first with its counted repetitions relaxed (`{0,80}` → `*`, `{1,2}` →
// `+`; exact counts such as `{32}` kept): the relaxed pattern reads a text in at least as many ways
// as the original, so "linear" for it holds for the original too, and the automaton checker (an
// exact analysis) stays fast. When the relaxed one is not linear, the pattern as written is checked:
// a few are linear only thanks to their bounds. What the automaton cannot take (look-around,
// back-references, or a time-out) goes to the fuzz checker, a search for slow inputs rather than a
// proof, with step limits in place of time limits so its verdict does not depend on the machine's
// load; the growth tests in linearTime.test.ts back it up.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

/**
 * `new RegExp(…)` calls whose pattern only exists at run time, each with the reason it is safe. A
 * new call that builds no pattern when its module is loaded must be added here, with its reason.
 */
const BUILT_AT_RUN_TIME: { file: string; call: string; why: string }[] = [
  {
    file: 'src/core/scanner/rule.ts',
    call: 'new RegExp(re.source,',
    why: 'a copy, with the g flag, of a rule pattern that is checked where it is written',
  },
  {
    file: 'src/core/scanner/prefilter.ts',
    call: 'new RegExp(r.anchor.source,',
    why: "a copy without g or y of a rule's anchor, which is checked where it is written",
  },
  {
    file: 'src/features/secretLint/envFix.ts',
    call: 'new RegExp(`^${varName}=`',
    why: 'a variable name from envNameFor() (letters, digits, _): no quantifier',
  },
];

/**
 * Patterns recheck cannot decide (its verdict stays "unknown"), each with the growth test that
 * shows it linear instead. Empty: every pattern in src/ gets a verdict.
 */
const UNDECIDED: { source: string; flags: string; growthTest: string }[] = [];

interface Pattern {
  source: string;
  flags: string;
  /** Where it is written or built: `src/…:line`. */
  at: string[];
}

/** .ts files under `dir`, declaration files aside. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every regex literal in src/, and every place that calls the RegExp constructor. */
function readSources(): { literals: Pattern[]; calls: { at: string; file: string; text: string }[] } {
  const literals: Pattern[] = [];
  const calls: { at: string; file: string; text: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const at = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(n)) {
        const slash = n.text.lastIndexOf('/');
        literals.push({ source: n.text.slice(1, slash), flags: n.text.slice(slash + 1), at: [at(n)] });
      } else if (
        (ts.isNewExpression(n) || ts.isCallExpression(n)) &&
        ts.isIdentifier(n.expression) &&
        n.expression.text === 'RegExp'
      ) {
        calls.push({ at: at(n), file: rel, text: n.getText(sf).replace(/\s+/g, ' ') });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { literals, calls };
}

/** The patterns src/core and src/shared build with `new RegExp` as they load, with where each is built. */
async function patternsBuiltOnLoad(): Promise<Pattern[]> {
  const built: Pattern[] = [];
  const Native = RegExp;
  globalThis.RegExp = new Proxy(Native, {
    construct(target, args: unknown[], newTarget) {
      const re = Reflect.construct(target, args, newTarget) as RegExp;
      const frame = new Error().stack?.split('\n').find((l) => l.includes(SRC + path.sep));
      const m = frame === undefined ? null : /\(?([^()\s]+):(\d+):\d+\)?$/.exec(frame);
      if (m?.[1]) {
        const rel = path.relative(ROOT, m[1]).split(path.sep).join('/');
        built.push({ source: re.source, flags: re.flags, at: [`${rel}:${m[2]}`] });
      }
      return re;
    },
  });
  try {
    for (const file of [...sourceFiles(path.join(SRC, 'core')), ...sourceFiles(path.join(SRC, 'shared'))]) {
      await import(file);
    }
  } finally {
    globalThis.RegExp = Native;
  }
  return built;
}

/**
 * The pattern with its counted repetitions relaxed: `{n,m}` and `{n,}` become `*` or `+`; exact
 * counts stay. Every way the original reads a text is a way the relaxed one reads it too.
 */
function relaxBounds(source: string, flags: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\') {
      const braced = /^\\[upP]\{[^}]*\}/.exec(source.slice(i));
      const escape = braced && /[uv]/.test(flags) ? braced[0] : source.slice(i, i + 2);
      out += escape;
      i += escape.length - 1;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '{') {
      const range = /^\{(\d+),(\d*)\}/.exec(source.slice(i));
      if (range) {
        out += range[1] === '0' ? '*' : '+';
        i += range[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/**
 * The alternatives of a pattern's top-level `|` (the pattern itself when it has none). A search
 * tries them one after the other at each position, so the pattern is linear when each one is: the
 * combined rule anchors are checked this way, alternative by alternative, which is much faster.
 */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  return [...parts, source.slice(from)];
}

/** Every pattern in src/ (merged by source and flags), and the constructor calls nothing accounts for. */
async function collect(): Promise<{ patterns: Pattern[]; unaccounted: string[]; unusedExcuses: string[] }> {
  const { literals, calls } = readSources();
  const built = await patternsBuiltOnLoad();
  const builtAt = new Set(built.flatMap((b) => b.at));
  const excused = (c: { file: string; text: string }) =>
    BUILT_AT_RUN_TIME.find((e) => e.file === c.file && c.text.startsWith(e.call));
  const unaccounted = calls.filter((c) => !builtAt.has(c.at) && !excused(c)).map((c) => `${c.at}: ${c.text}`);
  const unusedExcuses = BUILT_AT_RUN_TIME.filter((e) => !calls.some((c) => excused(c) === e)).map(
    (e) => `${e.file}: ${e.call}`,
  );
  const byKey = new Map<string, Pattern>();
  for (const p of [...literals, ...built]) {
    const key = `/${p.source}/${[...p.flags].sort().join('')}`;
    const seen = byKey.get(key);
    if (seen) seen.at.push(...p.at);
    else byKey.set(key, { ...p, at: [...p.at] });
  }
  return { patterns: [...byKey.values()], unaccounted, unusedExcuses };
}

interface Verdict {
  status: 'safe' | 'vulnerable' | 'unknown';
  /** How it was decided, e.g. "automaton (bounds relaxed): vulnerable; automaton: safe". */
  how: string;
  /** For a vulnerable pattern: recheck's complexity and attack string. */
  detail?: string;
  ms: number;
}

// The worker: the automaton checker on the relaxed pattern, then on the pattern as written if the
// relaxed one is vulnerable; the fuzz checker for what the automaton cannot decide. Safe at any step
// is the verdict. Plain CommonJS, evaluated as is (no TypeScript loader in the worker).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
process.env.RECHECK_BACKEND = 'pure';
const { check } = require(workerData.recheck);
const { automaton, fuzz } = workerData;
parentPort.on('message', async ({ source, relaxed, flags }) => {
  const t0 = Date.now();
  const steps = [];
  let detail;
  const run = async (pattern, params, label) => {
    let d;
    try {
      d = await check(pattern, flags, params);
    } catch (e) {
      d = { status: 'unknown', error: { kind: 'unexpected', message: String(e) } };
    }
    steps.push(label + ': ' + d.status + (d.status === 'unknown' ? ' (' + d.error.kind + ')' : ''));
    if (d.status === 'vulnerable' && detail === undefined)
      detail = d.complexity.summary + ', e.g. ' + d.attack.pattern.slice(0, 120);
    return d.status;
  };
  const relaxedLabel = relaxed === source ? '' : ' (bounds relaxed)';
  let status = await run(relaxed, automaton, 'automaton' + relaxedLabel);
  if (status === 'vulnerable' && relaxed !== source) status = await run(source, automaton, 'automaton');
  else if (status === 'unknown') {
    status = await run(relaxed, fuzz, 'fuzz' + relaxedLabel);
    if (status === 'vulnerable' && relaxed !== source) status = await run(source, fuzz, 'fuzz');
  }
  if (status !== 'safe' && steps.some((s) => s.endsWith(': vulnerable'))) status = 'vulnerable';
  parentPort.postMessage({ status, how: steps.join('; '), detail, ms: Date.now() - t0 });
});
`;

/** recheck's verdict on each pattern, computed on `threads` worker threads. */
async function checkAll(patterns: Pattern[], threads: number): Promise<Map<Pattern, Verdict>> {
  const workerData = {
    recheck: require.resolve('recheck'),
    // The automaton is exact; its time limit only sends a slow pattern on to the fuzz checker.
    automaton: { checker: 'automaton', timeout: 2_000 },
    // Step limits instead of time limits (deterministic); smaller generations than the defaults
    // keep each run about a second. The time limit only stops a runaway check (then: unknown).
    fuzz: {
      checker: 'fuzz',
      timeout: 30_000,
      attackTimeout: null,
      incubationTimeout: null,
      seedingTimeout: null,
      attackLimit: 10_000_000,
      maxAttackStringSize: 30_000,
      maxIteration: 3,
      maxInitialGenerationSize: 50,
      maxGenerationSize: 30,
      crossoverSize: 10,
      mutationSize: 20,
    },
  };
  // One job per top-level alternative when the automaton can take them all (no look-around, no
  // back-reference: those go to the fuzz checker, faster on the whole pattern than on each part).
  // A pattern's verdict is the worst of its alternatives'.
  const automatonOnly = (source: string) => !/\(\?<?[=!]|\\[1-9]|\\k</.test(source);
  const jobs = patterns.flatMap((p) =>
    (automatonOnly(p.source) ? topLevelAlternatives(p.source) : [p.source]).map((source) => ({
      p,
      source,
      relaxed: relaxBounds(source, p.flags),
    })),
  );
  const results = new Map<Pattern, Verdict[]>();
  const queue = [...jobs];
  const runOne = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const next = () => {
        const job = queue.shift();
        if (!job) return resolve();
        worker.once('message', (v: Verdict) => {
          const alone = job.source === job.p.source;
          results.set(job.p, [...(results.get(job.p) ?? []), alone ? v : { ...v, how: `/${job.source}/: ${v.how}` }]);
          next();
        });
        worker.postMessage({ source: job.source, relaxed: job.relaxed, flags: job.p.flags });
      };
      worker.once('error', reject);
      next();
    });
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { eval: true, workerData }));
  try {
    await Promise.all(workers.map(runOne));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const rank = { safe: 0, unknown: 1, vulnerable: 2 };
  const verdicts = new Map<Pattern, Verdict>();
  for (const [p, vs] of results) {
    const worst = vs.reduce((a, b) => (rank[b.status] > rank[a.status] ? b : a));
    const ms = vs.reduce((sum, v) => sum + v.ms, 0);
    verdicts.set(
      p,
      vs.length === 1
        ? worst
        : {
            ...worst,
            ms,
            how:
              vs
                .filter((v) => v.status !== 'safe')
                .map((v) => v.how)
                .join('; ') || `${vs.length} alternatives: safe`,
          },
    );
  }
  return verdicts;
}

const show = (p: Pattern, v: Verdict) =>
  `${p.at.join(', ')}  /${p.source}/${p.flags}\n    ${v.status}: ${v.how}${v.detail ? `\n    ${v.detail}` : ''}`;

describe('static ReDoS check (recheck) over every regex in src/', () => {
  it('topLevelAlternatives splits at the top level only', () => {
    assert.deepEqual(topLevelAlternatives('(?:a|b)|[|]|\\|c'), ['(?:a|b)', '[|]', '\\|c']);
    assert.deepEqual(topLevelAlternatives('abc'), ['abc']);
  });

  it('relaxBounds relaxes ranges only, outside classes and escapes', () => {
    assert.equal(relaxBounds('a{0,80}b{1,2}c{3,}d{32}', ''), 'a*b+c+d{32}');
    assert.equal(relaxBounds('[{1,2}]\\{1,2}x', ''), '[{1,2}]\\{1,2}x');
    assert.equal(relaxBounds('\\u{1,2}', 'u'), '\\u{1,2}');
  });

  it('every pattern runs in linear time', async (t) => {
    const started = performance.now();
    const { patterns, unaccounted, unusedExcuses } = await collect();
    assert.deepEqual(unaccounted, [], 'RegExp built at run time only: add it to BUILT_AT_RUN_TIME with why it is safe');
    assert.deepEqual(unusedExcuses, [], 'BUILT_AT_RUN_TIME entries that match no call: remove them');
    // The rules' patterns and anchors are among them (literals and built ones alike).
    assert.ok(patterns.length > 150, `only ${patterns.length} patterns found`);
    assert.ok(patterns.some((p) => p.at.some((a) => a.startsWith('src/core/scanner/rules/'))));

    const verdicts = await checkAll(patterns, Math.max(1, Math.min(2, availableParallelism())));
    const statusOf = (p: Pattern) => verdicts.get(p)?.status ?? 'unknown';
    const undecided = (p: Pattern) => UNDECIDED.find((e) => e.source === p.source && e.flags === p.flags);
    const failures: string[] = [];
    for (const p of patterns) {
      const v = verdicts.get(p) ?? { status: 'unknown', how: 'no verdict', ms: 0 };
      if (v.status === 'safe' || (v.status === 'unknown' && undecided(p))) continue;
      failures.push(show(p, v));
    }
    const staleUndecided = UNDECIDED.filter(
      (e) => !patterns.some((p) => undecided(p) === e && statusOf(p) === 'unknown'),
    ).map((e) => `/${e.source}/${e.flags}`);

    const slowest = [...verdicts.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, Number(process.env.REDOS_SLOWEST ?? 5));
    t.diagnostic(
      `${patterns.length} patterns in ${Math.round(performance.now() - started)} ms; slowest: ` +
        slowest.map(([p, v]) => `${p.at[0]} ${v.ms} ms`).join(', '),
    );
    const problems = [
      ...failures.map((f) => `super-linear: ${f}`),
      ...staleUndecided.map((e) => `decided now (or gone), take it off UNDECIDED: ${e}`),
    ];
    assert.equal(problems.length, 0, problems.join('\n'));
  });
});
