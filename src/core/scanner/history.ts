import { AppError, ErrorCodes } from '../errors';
import { type GitRepository, findRepository } from '../git/repository';
import { gitTimeout, gitTimeoutMs, literalPath, runGit, spawnGit } from '../git/run';
import { type LocatedFinding, scanBytes } from './engine';
import { COMMIT_MARK, FIELD, type Patch, PatchParser } from './patches';

export { type Patch, PatchParser, unquoteGitPath } from './patches';

/** A secret found in history: where it was first added, and every commit that added it. */
export interface HistoryFinding extends LocatedFinding {
  /** Short sha of the oldest commit that added it. */
  commit: string;
  author: string;
  /** ISO date of that commit. */
  date: string;
  /** Short shas of every commit that added it, oldest first. */
  commits: string[];
}

/** git log printing each commit's added lines (no context) after a parseable header line. */
const LOG_PATCHES = [
  '-c',
  'core.quotePath=false',
  'log',
  '-p',
  '-U0',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-show-signature',
  `--format=${COMMIT_MARK}%H${FIELD}%an${FIELD}%aI`,
];
/**
 * Every commit in git's order, merges with no diff (whatever `log.diffMerges` a repository sets);
 * and, run beside it on another core, the merges alone as dense combined diffs: only what a merge
 * itself wrote (a conflict resolved by hand). The combined diffs cost git as much as all the rest.
 */
const COMMITS = ['--diff-merges=off'];
const MERGES = ['--merges', '--cc'];
/** git log's arguments with `extra` options added before the revisions. */
function withArgs(args: readonly string[], extra: readonly string[]): string[] {
  return [...args.slice(0, LOG_PATCHES.length), ...extra, ...args.slice(LOG_PATCHES.length)];
}

/** Findings in one patch, with line numbers of the commit's version of the file. */
export function scanPatch(p: Patch, salt: string): LocatedFinding[] {
  return scanBytes(p.bytes, p.path, { salt }).map((f) => ({
    ...f,
    line: p.lines[f.line - 1] ?? f.line,
    endLine: p.lines[f.endLine - 1] ?? f.endLine,
  }));
}

export interface HistoryOptions {
  /** Only commits after this revision (`REV..`). */
  since?: string;
  /** Every local branch rather than HEAD. */
  branches?: boolean;
  /** Keys the secret hashes that tell one secret from another (and match the baseline). */
  salt: string;
  /** Added bytes of one file in one commit beyond this are not scanned. */
  maxBytes: number;
}

export interface HistoryScan {
  findings: HistoryFinding[];
  commits: number;
  /** Bytes of added lines read. */
  bytes: number;
  /** The repository's top folder: finding paths are relative to it. */
  top: string;
  truncated: string[];
}

/** Checks the repository and the revision, returning git log's arguments. */
function logArgs(
  cwd: string,
  opts: HistoryOptions,
): { repo: GitRepository; args: string[] } | { repo: GitRepository; empty: true } {
  const repo = findRepository(cwd);
  if (!repo) throw new AppError(ErrorCodes.io, '--history needs a git repository; this folder is not in one');
  if (runGit(repo, ['rev-parse', '--verify', '--quiet', 'HEAD']) === undefined) return { repo, empty: true };
  const revs = opts.branches ? ['--branches'] : ['HEAD'];
  if (opts.since !== undefined) {
    if (
      opts.since.startsWith('-') ||
      runGit(repo, ['rev-parse', '--verify', '--quiet', `${opts.since}^{commit}`]) === undefined
    )
      throw new AppError(
        ErrorCodes.usage,
        `--since: no commit is named "${opts.since.slice(0, 80)}" in this repository`,
      );
    revs.push('--not', opts.since);
  }
  return { repo, args: [...LOG_PATCHES, ...revs, '--'] };
}

/** Runs git log with `args`, feeding its lines to `parser`; resolves with the number of commits read. */
async function streamPatches(
  repo: GitRepository,
  args: string[],
  parser: PatchParser,
  stop?: AbortSignal,
): Promise<number> {
  const child = spawnGit(repo, args);
  // The other stream of the same scan failed: this one's git is not left running.
  const kill = () => child.kill('SIGKILL');
  stop?.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new AppError(ErrorCodes.io, `Cannot run git: ${e.message}`)));
    child.on('close', (code) => resolve(code ?? 1));
  });
  // git may be kept waiting by the repository (an attributes file that is a FIFO): a silent git is
  // killed after the time limit, and that is an error, never an empty history.
  const limit = gitTimeoutMs();
  let stalled = false;
  let last = Date.now();
  const watchdog = setInterval(
    () => {
      if (Date.now() - last < limit) return;
      stalled = true;
      child.kill('SIGKILL');
    },
    Math.min(1000, limit),
  );
  try {
    // Bytes as they come: no string is made of a line, and a patch only if the scan needs it.
    for await (const chunk of child.stdout) {
      last = Date.now();
      parser.write(chunk as Buffer);
    }
    parser.end();
  } finally {
    clearInterval(watchdog);
    stop?.removeEventListener('abort', kill);
  }
  const code = await exited;
  if (stalled) throw gitTimeout('log', limit);
  if (code !== 0) throw new AppError(ErrorCodes.io, `git log failed: ${stderr.trim().split('\n')[0] ?? code}`);
  return parser.commits;
}

/** A commit that added a given secret to a file. */
export interface CommitRef {
  commit: string;
  author: string;
  date: string;
}

/**
 * The commits (newest first) whose added lines in `file` (relative to the repository's top) hold
 * `secret`. The secret is searched for here, in this process: it never goes on git's command line.
 */
export async function commitsAdding(repo: GitRepository, file: string, secret: string): Promise<CommitRef[]> {
  if (runGit(repo, ['rev-parse', '--verify', '--quiet', 'HEAD']) === undefined) return [];
  // Lines are read without the \r of a \r\n; a lone \r stays part of its line.
  const needle = secret.replace(/\r\n/g, '\n');
  const found: CommitRef[] = [];
  const parser = new PatchParser(
    (p) => {
      if (p.bytes.includes(needle)) found.push({ commit: p.commit.slice(0, 8), author: p.author, date: p.date });
    },
    64 * 1024 * 1024,
  );
  // One stream: merges as combined diffs too (what a merge itself wrote may hold the secret).
  await streamPatches(repo, [...LOG_PATCHES, '--cc', '--all', '--', literalPath(file)], parser);
  return found;
}

/**
 * Scans the lines every commit added (git log -p, streamed) and reports each distinct secret once:
 * where it was first added, and all the commits that added it.
 */
export async function scanHistory(cwd: string, opts: HistoryOptions): Promise<HistoryScan> {
  const plan = logArgs(cwd, opts);
  const out: HistoryScan = { findings: [], commits: 0, bytes: 0, top: plan.repo.top, truncated: [] };
  if ('empty' in plan) return out;
  // Findings per commit, from both streams; the commits in git's order (newest first), from the first.
  const found = new Map<string, { p: Patch; f: LocatedFinding }[]>();
  const order: string[] = [];
  const onPatch = (p: Patch) => {
    out.bytes += p.bytes.length;
    if (p.truncated) out.truncated.push(`${p.commit.slice(0, 8)}:${p.path}`);
    for (const f of scanPatch(p, opts.salt)) {
      const list = found.get(p.commit) ?? [];
      list.push({ p, f });
      found.set(p.commit, list);
    }
  };
  const failed = new AbortController();
  const stream = (extra: readonly string[], parser: PatchParser) =>
    streamPatches(plan.repo, withArgs(plan.args, extra), parser, failed.signal).catch((e: unknown) => {
      failed.abort();
      throw e;
    });
  const [commits] = await Promise.all([
    stream(COMMITS, new PatchParser(onPatch, opts.maxBytes, (sha) => order.push(sha))),
    stream(MERGES, new PatchParser(onPatch, opts.maxBytes)),
  ]);
  out.commits = commits;
  // Newest first: the last sighting of a secret is where it was first added.
  const bySecret = new Map<string, HistoryFinding>();
  for (const sha of order) {
    for (const { p, f } of found.get(sha) ?? []) {
      const key = `${f.ruleId}\0${f.secretHash ?? ''}`;
      const short = p.commit.slice(0, 8);
      const seen = bySecret.get(key);
      const commits = seen ? [short, ...seen.commits.filter((c) => c !== short)] : [short];
      bySecret.set(key, { ...f, commit: short, author: p.author, date: p.date, commits });
    }
  }
  out.findings = [...bySecret.values()];
  return out;
}
