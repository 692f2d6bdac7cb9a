import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError, ErrorCodes, isAppError } from '../core/errors';
import { shownPath } from '../core/text/pathArg';

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
  /** The whole command line (after `payapi`), set by runCli: messages name an argument by its place in it. */
  commandLine?: readonly string[];
}

export const ExitCodes = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/** What runs a subcommand, or one of its actions, on the arguments after its name. */
export type Runner = (args: string[], io: CliIo) => Promise<ExitCode>;

export interface Subcommand {
  summary: string;
  usage: string;
  run: Runner;
}

/** Throws a usage error (exit 2). */
export function usageError(message: string): never {
  throw new AppError(ErrorCodes.usage, message);
}

/**
 * The place of `args[index]` on the command line, counted from 1 after `payapi` (`args` is always
 * the tail of the command line that a subcommand or action gets).
 */
export function argumentNumber(io: CliIo, args: readonly string[], index: number): number {
  return (io.commandLine ? io.commandLine.length - args.length : 0) + index + 1;
}

/** A word the user may have mistyped (a command or action name), safe to repeat: never a secret's shape. */
function isPlainWord(s: string): boolean {
  return /^[a-z][a-z0-9-]{0,19}$/.test(s);
}

/**
 * Refuses positional arguments, naming the first by its place only: an argument nobody expected
 * may be a secret pasted by mistake (`payapi test helcim <token>`), and must not be printed.
 */
function refusePositionals(io: CliIo, args: readonly string[], tokens: readonly ArgToken[], advice?: string): void {
  const first = tokens.find((t) => t.kind === 'positional');
  if (!first) return;
  usageError(
    `Unexpected argument ${argumentNumber(io, args, first.index)} (not shown, in case it is a secret)` +
      (advice ? `: ${advice}` : ''),
  );
}

/**
 * The place on the command line of each value given to a string option, in order (`--name VALUE`
 * or `--name=VALUE`), for messages that must not print the value itself.
 */
export function optionValueNumbers(
  io: CliIo,
  args: readonly string[],
  tokens: readonly ArgToken[],
  name: string,
): number[] {
  return tokens
    .filter((t): t is Extract<ArgToken, { kind: 'option' }> => t.kind === 'option' && t.name === name)
    .map((t) => argumentNumber(io, args, t.inlineValue ? t.index : t.index + 1));
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
    throw new AppError(ErrorCodes.io, `Cannot read ${what} ${shownPath(path)}: ${why}`);
  }
}

/** One parsed piece of the command line (node:util parseArgs' tokens), with its index in the arguments. */
export type ArgToken =
  | { kind: 'positional'; index: number }
  | { kind: 'option'; index: number; name: string; inlineValue?: boolean | undefined }
  | { kind: 'option-terminator'; index: number };

/**
 * node:util parseArgs (strict, positionals allowed, with tokens), with its errors turned into usage
 * errors (exit 2).
 */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
  } catch (e) {
    // parseArgs explains over several lines; the message is printed as one (escaped) line.
    usageError((e instanceof Error ? e.message : String(e)).replace(/(?<!\s)\s*\n\s*/g, ' '));
  }
}

/**
 * {@link parseOptions} for a command that takes options only: a positional argument is a usage
 * error that names it by its place, never by its text (`advice` says what to do instead).
 */
export function parseOptionsOnly<O extends NonNullable<ParseArgsConfig['options']>>(
  io: CliIo,
  args: string[],
  options: O,
  advice?: string,
) {
  const parsed = parseOptions(args, options);
  refusePositionals(io, args, parsed.tokens, advice);
  return parsed;
}

/** A subcommand made of named actions (`payapi jwt decode …`); read when it runs, so getters may compute. */
export interface ActionCommandSpec {
  readonly summary: string;
  readonly usage: string;
  readonly actions: Readonly<Record<string, Runner>>;
  /** What the first argument names, in the usage error: "an action" (default), "a provider". */
  readonly what?: string;
}

/**
 * The subcommand that runs the action named by its first argument, and fails with a usage error
 * listing the actions when there is none or it is unknown.
 */
export function createActionCommand(spec: ActionCommandSpec): Subcommand {
  return {
    get summary() {
      return spec.summary;
    },
    get usage() {
      return spec.usage;
    },
    run: (args, io) => dispatch(args, io, spec.what ?? 'an action', spec.actions, spec.usage),
  };
}

/** Runs the action the first argument names; a usage error (listing the actions) when it names none. */
async function dispatch(
  args: string[],
  io: CliIo,
  what: string,
  actions: Readonly<Record<string, Runner>>,
  usage: string,
): Promise<ExitCode> {
  const [name, ...rest] = args;
  const action = name !== undefined && Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (action) return action(rest, io);
  const names = Object.keys(actions);
  const list = names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
  const unknown = what.replace(/^an? /, '');
  // The usage goes first, on its own lines: the error itself is printed as one escaped line.
  if (name === undefined) io.stderr(`${usage}\n`);
  usageError(
    name === undefined
      ? `Name ${what}: ${list}.`
      : isPlainWord(name)
        ? `Unknown ${unknown} "${name}": use ${list}.`
        : `Unknown ${unknown} in argument ${argumentNumber(io, args, 0)} (not shown, in case it is a secret): ` +
          `use ${list}.`,
  );
}

/**
 * Reads and parses the key named by a `--key FILE` option (`-` reads standard input). A key that
 * does not parse is an input error naming the file, with the reader's reason and advice.
 */
export async function readKeyOption<K>(io: CliIo, file: string, read: (text: string) => Promise<K>): Promise<K> {
  const text = file === '-' ? await io.readStdin() : await readInputFile(io, file, 'the key file');
  try {
    return await read(text);
  } catch (e) {
    const where = file === '-' ? 'standard input' : shownPath(file);
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError(ErrorCodes.invalidInput, `The key in ${where} is not usable: ${why}`, {
      ...(isAppError(e) && e.advice ? { advice: e.advice } : {}),
    });
  }
}
