// `payapi`: the command-line front end over src/core. Exit codes: 0 ok, 1 a finding or a failed
// check, 2 usage or I/O error.
import { AppError, ErrorCodes, describeError, isAppError } from './core/errors';
import { TOOL_VERSION } from './core/version';

/** What the CLI touches of the outside world; injected so tests run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Reads all of standard input. */
  readStdin: () => Promise<string>;
}

export const ExitCodes = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

interface Subcommand {
  summary: string;
  usage: string;
  run: (args: string[], io: CliIo) => Promise<ExitCode>;
}

/** Subcommands, by name. Each feature adds its own. */
const SUBCOMMANDS: Record<string, Subcommand> = {};

function helpText(): string {
  const names = Object.keys(SUBCOMMANDS);
  const width = Math.max(8, ...names.map((n) => n.length));
  const list = names.length
    ? names.map((n) => `  ${n.padEnd(width)}  ${SUBCOMMANDS[n]?.summary ?? ''}`).join('\n')
    : '  (none yet)';
  return `payapi ${TOOL_VERSION}: payment API tokens, keys and JWTs from the command line

Usage: payapi <command> [options]
       payapi <command> --help

Commands:
${list}

Options:
  -h, --help     show this help
  -v, --version  print the version

Exit codes: 0 ok, 1 a finding or a failed check, 2 usage or I/O error.
Secrets are read from the environment or standard input, never from arguments.
`;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(helpText());
    return first === undefined ? ExitCodes.usage : ExitCodes.ok;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${TOOL_VERSION}\n`);
    return ExitCodes.ok;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, first) ? SUBCOMMANDS[first] : undefined;
  if (!sub) {
    io.stderr(`payapi: unknown command '${first}'. Run 'payapi --help' for the list.\n`);
    return ExitCodes.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${sub.usage}\n`);
    return ExitCodes.ok;
  }
  try {
    return await sub.run(rest, io);
  } catch (e) {
    io.stderr(`payapi ${first}: ${describeError(e)}\n`);
    if (isAppError(e) && e.code === ErrorCodes.internal) return ExitCodes.failure;
    return isAppError(e) ? ExitCodes.usage : ExitCodes.failure;
  }
}

/** Throws a usage error; for subcommands. */
export function usageError(message: string): never {
  throw new AppError(ErrorCodes.usage, message);
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    readStdin,
  }).then((code) => {
    process.exitCode = code;
  });
}
