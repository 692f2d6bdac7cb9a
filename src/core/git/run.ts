import { type ChildProcessByStdio, execFile, execFileSync, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { AppError, ErrorCodes } from '../errors';
import type { GitRepository } from './repository';

/**
 * The one way this project runs git. A repository chooses its own `.git/config`, so every call names
 * the repository explicitly (`--git-dir`, `--work-tree`: git's own discovery, which also accepts a
 * repository committed as plain files, never runs) and turns off each setting that makes a
 * read-only command run a program the repository chose:
 * - `core.fsmonitor` (a hook run whenever the index is read),
 * - hooks (`core.hooksPath` pointed at nothing; `post-index-change` runs on index writes),
 * - `log.showSignature` (runs `gpg.program`), `diff.submodule=log` (runs git in submodules); callers
 *   of `log -p` also pass `--no-ext-diff --no-textconv` (external diff and textconv programs),
 * - the pager, `core.untrackedCache` writes, and every transport (a partial clone's lazy fetch runs
 *   whatever its remote URL says: `ext::sh -c …`).
 * Optional locks are off (`GIT_OPTIONAL_LOCKS=0`) so reading never rewrites the index. Callers pass
 * paths as {@link literalPath} (not every command accepts `--literal-pathspecs`).
 */
const NO_HOOKS = process.platform === 'win32' ? 'NUL' : '/dev/null';
export const SAFE_CONFIG: readonly string[] = [
  'core.fsmonitor=false',
  `core.hooksPath=${NO_HOOKS}`,
  'core.untrackedCache=false',
  'core.pager=cat',
  'log.showSignature=false',
  'diff.submodule=short',
  'safe.bareRepository=explicit',
  // No transport at all: a partial clone's missing object is never fetched (a repository's own
  // `protocol.ext.allow=always` would otherwise beat `protocol.allow=never`; GIT_NO_LAZY_FETCH too).
  'protocol.allow=never',
  ...['ext', 'file', 'ssh', 'git', 'http', 'https'].map((p) => `protocol.${p}.allow=never`),
];

/** A path as a pathspec that matches only itself (a folder named `*` or `:x` is not a pattern). */
export function literalPath(rel: string): string {
  return `:(literal)${rel}`;
}

/** The full argument list for `args` in `repo`: explicit repository, safe settings, then the command. */
export function gitArgs(repo: GitRepository, args: readonly string[]): string[] {
  return [
    '--no-pager',
    `--git-dir=${repo.gitDir}`,
    `--work-tree=${repo.top}`,
    ...SAFE_CONFIG.flatMap((c) => ['-c', c]),
    ...args,
  ];
}

/** The environment git runs with: the caller's, less what would point it elsewhere. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // GIT_INDEX_FILE stays: git sets it for hooks (a pre-commit hook's staged files live there).
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES', 'GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'PAGER'])
    delete env[k];
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_NO_LAZY_FETCH = '1';
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

/** What every git child process gets: the work tree as its folder, {@link gitEnv}, no console window. */
function processOptions(repo: GitRepository): { cwd: string; env: NodeJS.ProcessEnv; windowsHide: true } {
  return { cwd: repo.top, env: gitEnv(), windowsHide: true };
}

export interface RunGitOptions {
  maxBuffer?: number;
  /** Milliseconds; the child is killed after it (default {@link gitTimeoutMs}). */
  timeoutMs?: number;
}

/**
 * How long one git call may take: a repository can point git at a FIFO (`core.excludesFile`,
 * `.git/info/exclude`), which would block it forever. `PAYAPI_GIT_TIMEOUT_MS` overrides the
 * default of 120 s (a git call on the largest repositories takes a few seconds).
 */
export function gitTimeoutMs(): number {
  const v = Number(process.env.PAYAPI_GIT_TIMEOUT_MS);
  return Number.isInteger(v) && v > 0 ? v : 120_000;
}

/** The error for a git call killed at its time limit. */
export function gitTimeout(what: string, ms: number): AppError {
  return new AppError(ErrorCodes.timeout, `git ${what} did not finish within ${ms / 1000} s`, {
    advice: 'Something in the repository (an ignore or attributes file that is a FIFO?) keeps git waiting.',
  });
}

/** Runs git in `repo` and returns its output as text, or undefined when it fails or is missing. */
export function runGit(repo: GitRepository, args: readonly string[], opts: RunGitOptions = {}): string | undefined {
  return runGitBytes(repo, args, opts)?.toString('utf8');
}

/**
 * Runs git in `repo` and returns its output as bytes, or undefined when it fails or is missing.
 * Throws ERR_TIMEOUT when git runs past its time limit (it is killed).
 */
export function runGitBytes(
  repo: GitRepository,
  args: readonly string[],
  opts: RunGitOptions = {},
): Buffer | undefined {
  const timeout = opts.timeoutMs ?? gitTimeoutMs();
  try {
    return execFileSync('git', gitArgs(repo, args), {
      ...processOptions(repo),
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: opts.maxBuffer ?? 512 * 1024 * 1024,
      timeout,
      killSignal: 'SIGKILL',
    });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ETIMEDOUT') throw gitTimeout(args[0] ?? '', timeout);
    return undefined;
  }
}

/** Runs git in `repo` without blocking; resolves with its exit code (undefined when it could not run). */
export function runGitAsync(
  repo: GitRepository,
  args: readonly string[],
  opts: RunGitOptions = {},
): Promise<{ code: number | undefined; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      gitArgs(repo, args),
      { ...processOptions(repo), timeout: opts.timeoutMs ?? 5000, maxBuffer: opts.maxBuffer },
      (err, stdout) => {
        const code = err ? (typeof err.code === 'number' ? err.code : undefined) : 0;
        resolve({ code, stdout: String(stdout) });
      },
    );
  });
}

/** Starts git in `repo` with its output streamed (git log -p). */
export function spawnGit(repo: GitRepository, args: readonly string[]): ChildProcessByStdio<null, Readable, Readable> {
  return spawn('git', gitArgs(repo, args), { ...processOptions(repo), stdio: ['ignore', 'pipe', 'pipe'] });
}
