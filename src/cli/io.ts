import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError, ErrorCodes } from '../core/errors';

/** What the CLI touches of the outside world; injected so tests run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Reads all of standard input. */
  readStdin: () => Promise<string>;
  /** Reads a file as UTF-8. */
  readFile: (path: string) => Promise<string>;
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
