import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError, ErrorCodes, isAppError } from '../core/errors';

/** What the CLI touches of the outside world; injected so tests run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Reads all of standard input. */
  readStdin: () => Promise<string>;
  /** Reads a file as UTF-8. */
  readFile: (path: string) => Promise<string>;
  /** Asks a question in the terminal and returns the answer; absent when there is no terminal to ask in. */
  ask?: (question: string) => Promise<string | undefined>;
}

export const ExitCodes = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

export interface Subcommand {
  summary: string;
  usage: string;
  run: (args: string[], io: CliIo) => Promise<ExitCode>;
}

/** Throws a usage error (exit 2). */
export function usageError(message: string): never {
  throw new AppError(ErrorCodes.usage, message);
}

/** Reads a file for a CLI option, as an I/O error (exit 2) naming the file when it fails. */
export async function readInputFile(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (code ?? 'unreadable');
    throw new AppError(ErrorCodes.io, `Cannot read ${what} ${path}: ${why}`);
  }
}

/** node:util parseArgs (strict, positionals allowed), with its errors turned into usage errors (exit 2). */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (e) {
    usageError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Runs the action named by the first argument (`payapi jwt decode …`), or fails with a usage error
 * listing the actions.
 */
export async function dispatch(
  args: string[],
  io: CliIo,
  what: string,
  actions: Record<string, (args: string[], io: CliIo) => Promise<ExitCode>>,
  usage: string,
): Promise<ExitCode> {
  const [name, ...rest] = args;
  const action = name !== undefined && Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (action) return action(rest, io);
  const names = Object.keys(actions);
  const list = names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
  usageError(
    name === undefined
      ? `Name ${what}: ${list}.\n${usage}`
      : `Unknown ${what.replace(/^an? /, '')} "${name}": use ${list}.`,
  );
}

/**
 * Reads and parses the key named by a `--key FILE` option (`-` reads standard input). A key that
 * does not parse is an input error naming the file, with the reader's reason and hint.
 */
export async function readKeyOption<K>(io: CliIo, file: string, read: (text: string) => Promise<K>): Promise<K> {
  const text = file === '-' ? await io.readStdin() : await readInputFile(io, file, 'the key file');
  try {
    return await read(text);
  } catch (e) {
    const where = file === '-' ? 'standard input' : file;
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError(ErrorCodes.invalidInput, `The key in ${where} is not usable: ${why}`, {
      ...(isAppError(e) && e.hint ? { hint: e.hint } : {}),
    });
  }
}
