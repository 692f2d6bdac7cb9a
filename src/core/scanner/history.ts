import { AppError, ErrorCodes } from '../errors';
import { type GitRepository, findRepository } from '../git/repository';
import { gitTimeout, gitTimeoutMs, literalPath, runGit, spawnGit } from '../git/run';
import { LineSplitter } from '../text/lineSplitter';
import { type LocatedFinding, scanText } from './engine';

/** The lines one commit added to one file, with the line number each has in that commit's version. */
export interface Patch {
  commit: string;
  author: string;
  date: string;
  path: string;
  text: string;
  lines: number[];
  truncated: boolean;
}

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

const COMMIT_MARK = '\x1e';
const FIELD = '\x1f';
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
  // Merges as dense combined diffs: only what the merge itself wrote (a conflict resolved by hand).
  '--cc',
  `--format=${COMMIT_MARK}%H${FIELD}%an${FIELD}%aI`,
];
/** `@@ -a,b +c,d @@`, or a combined diff's `@@@ -a,b -c,d +e,f @@@` (one `@` more per parent beyond one). */
const HUNK = /^(@@+) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? @@+/;

/** Undoes git's C-style quoting of unusual paths (`"b/caf\303\251.txt"`). */
export function unquoteGitPath(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Turns the lines of `git log -p -U0 --format=<mark>%H<sep>%an<sep>%aI` into patches of added
 * lines: one per commit and file. Feed lines in order; `end()` flushes the last patch.
 */
export class PatchParser {
  private commit = { sha: '', author: '', date: '' };
  private current: Patch | undefined;
  private inHunk = false;
  private nextLine = 0;
  /** Prefix columns of hunk lines: 1, or one per parent in a merge's combined diff. */
  private columns = 1;

  constructor(
    private readonly onPatch: (p: Patch) => void,
    private readonly maxChars: number,
  ) {}

  line(l: string): void {
    if (l.startsWith(COMMIT_MARK)) {
      this.flush();
      const [sha = '', author = '', date = ''] = l.slice(1).split(FIELD);
      this.commit = { sha, author, date };
    } else if (l.startsWith('diff --git ') || l.startsWith('diff --cc ') || l.startsWith('diff --combined ')) {
      this.flush();
    } else if (!this.inHunk && l.startsWith('+++ ')) {
      // git ends the line with a tab when the name holds a space (for `patch` and GNU diff).
      const target = unquoteGitPath(l.slice(4).replace(/\t$/, ''));
      if (target !== '/dev/null') {
        const { sha, author, date } = this.commit;
        const file = target.replace(/^b\//, '');
        this.current = { commit: sha, author, date, path: file, text: '', lines: [], truncated: false };
      }
    } else if (l.startsWith('@@')) {
      const m = HUNK.exec(l);
      this.inHunk = m !== null;
      this.columns = m ? (m[1] ?? '@@').length - 1 : 1;
      this.nextLine = m ? Number(m[2]) : 0;
    } else if (this.inHunk) {
      this.hunkLine(l);
    }
  }

  end(): void {
    this.flush();
  }

  /**
   * A line of a hunk. Its prefix has one column per parent: '-' in any column means it is not in the
   * new version; '+' in every column means this commit added it (in a merge: written by the merge
   * itself, not brought from a parent, whose own commits are scanned anyway).
   */
  private hunkLine(l: string): void {
    const prefix = l.slice(0, this.columns);
    if (prefix.length < this.columns || prefix.includes('-') || l.startsWith('\\')) return;
    if (/^\++$/.test(prefix)) this.added(l.slice(this.columns));
    else this.nextLine++;
  }

  private added(content: string): void {
    const p = this.current;
    const n = this.nextLine++;
    if (!p || p.truncated) return;
    if (p.text.length + content.length + 1 > this.maxChars) {
      p.truncated = true;
      return;
    }
    p.text += p.lines.length ? `\n${content}` : content;
    p.lines.push(n);
  }

  private flush(): void {
    if (this.current && this.current.lines.length) this.onPatch(this.current);
    this.current = undefined;
    this.inHunk = false;
  }
}

/** Findings in one patch, with line numbers of the commit's version of the file. */
export function scanPatch(p: Patch, salt: string): LocatedFinding[] {
  return scanText(p.text, p.path, { salt }).map((f) => ({
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
  /** Added text of one file in one commit beyond this is not scanned. */
  maxChars: number;
}

export interface HistoryScan {
  findings: HistoryFinding[];
  commits: number;
  /** Characters of added lines read. */
  chars: number;
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
async function streamPatches(repo: GitRepository, args: string[], parser: PatchParser): Promise<number> {
  const child = spawnGit(repo, args);
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
  child.stdout.on('data', () => (last = Date.now()));
  const watchdog = setInterval(
    () => {
      if (Date.now() - last < limit) return;
      stalled = true;
      child.kill('SIGKILL');
    },
    Math.min(1000, limit),
  );
  let commits = 0;
  const lines = new LineSplitter((l) => {
    if (l.startsWith(COMMIT_MARK)) commits++;
    parser.line(l);
  });
  try {
    // Each chunk is split as it arrives, in one synchronous pass: git is not kept waiting on a full
    // pipe while lines are handed out one promise at a time.
    for await (const chunk of child.stdout) lines.write(chunk as Buffer);
    lines.end();
    parser.end();
  } finally {
    clearInterval(watchdog);
  }
  const code = await exited;
  if (stalled) throw gitTimeout('log', limit);
  if (code !== 0) throw new AppError(ErrorCodes.io, `git log failed: ${stderr.trim().split('\n')[0] ?? code}`);
  return commits;
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
  const needle = secret.replace(/\r/g, '');
  const found: CommitRef[] = [];
  const parser = new PatchParser(
    (p) => {
      if (p.text.includes(needle)) found.push({ commit: p.commit.slice(0, 8), author: p.author, date: p.date });
    },
    64 * 1024 * 1024,
  );
  await streamPatches(repo, [...LOG_PATCHES, '--all', '--', literalPath(file)], parser);
  return found;
}

/**
 * Scans the lines every commit added (git log -p, streamed) and reports each distinct secret once:
 * where it was first added, and all the commits that added it.
 */
export async function scanHistory(cwd: string, opts: HistoryOptions): Promise<HistoryScan> {
  const plan = logArgs(cwd, opts);
  const out: HistoryScan = { findings: [], commits: 0, chars: 0, top: plan.repo.top, truncated: [] };
  if ('empty' in plan) return out;
  // git log lists newest first: the last sighting of a secret is where it was first added.
  const bySecret = new Map<string, HistoryFinding>();
  const parser = new PatchParser((p) => {
    out.chars += p.text.length;
    if (p.truncated) out.truncated.push(`${p.commit.slice(0, 8)}:${p.path}`);
    for (const f of scanPatch(p, opts.salt)) {
      const key = `${f.ruleId}\0${f.secretHash ?? ''}`;
      const short = p.commit.slice(0, 8);
      const seen = bySecret.get(key);
      const commits = seen ? [short, ...seen.commits.filter((c) => c !== short)] : [short];
      bySecret.set(key, { ...f, commit: short, author: p.author, date: p.date, commits });
    }
  }, opts.maxChars);
  out.commits = await streamPatches(plan.repo, plan.args, parser);
  out.findings = [...bySecret.values()];
  return out;
}
