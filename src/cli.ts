// `payapi`: the command-line front end over src/core. Exit codes: 0 ok, 1 a finding or a failed
// check, 2 usage, I/O or internal error.
import { writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { type CliIo, type ExitCode, ExitCodes, type Subcommand } from './cli/io';
import { baselineCommand } from './cli/baselineCommand';
import { gr4vyCommand } from './cli/gr4vyCommand';
import { helcimPayCommand, webhookCommand } from './cli/webhookCommand';
import { jwtCommand } from './cli/jwtCommand';
import { scanCommand } from './cli/scanCommand';
import { testCommand } from './cli/testCommand';
import { requestCommand } from './cli/requestCommand';
import { ErrorCodes, clip, describeError, isAppError } from './core/errors';
import { escapeOutput, escapeText } from './core/text/escape';
import { TOOL_VERSION } from './core/version';

export { type CliIo, ExitCodes } from './cli/io';

/** Subcommands, by name. Each feature adds its own. */
const SUBCOMMANDS: Record<string, Subcommand> = {
  baseline: baselineCommand,
  gr4vy: gr4vyCommand,
  helcimpay: helcimPayCommand,
  jwt: jwtCommand,
  request: requestCommand,
  scan: scanCommand,
  test: testCommand,
  webhook: webhookCommand,
};

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
export async function runCli(argv: string[], cliIo: CliIo): Promise<ExitCode> {
  const io: CliIo = { ...cliIo, commandLine: argv };
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
    // Repeated only when it looks like a mistyped command: it may be a secret given in the wrong place.
    const what = /^[a-z][a-z0-9-]{0,19}$/.test(first) ? `'${first}'` : '(argument 1, not shown)';
    io.stderr(`payapi: unknown command ${what}. Run 'payapi --help' for the list.\n`);
    return ExitCodes.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${sub.usage}\n`);
    return ExitCodes.ok;
  }
  try {
    return await sub.run(rest, io);
  } catch (e) {
    // Our own errors are about the input (usage, a file, a malformed key): exit 2. Anything else is a bug.
    if (isAppError(e) && e.code !== ErrorCodes.internal) {
      io.stderr(`payapi ${first}: ${escapeText(describeError(e))}\n`);
      return ExitCodes.usage;
    }
    // A crash is never a verdict: exit 2, as for any error that is not a finding or a failed check.
    io.stderr(`payapi ${first}: internal error: ${escapeText(clip(describeError(e), 300))}\n`);
    return ExitCodes.usage;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** A question on the terminal (standard error, so that output piped to a file stays clean). */
async function ask(question: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(escapeOutput(question));
  } finally {
    rl.close();
  }
}

/**
 * Where this process's exit code comes from: the verdict, unless output was lost or the process
 * crashed. A lost verdict (stdout to a full disk or a closed pipe) and a crash exit 2, never 0 or 1,
 * whenever they happen: before, during or after the verdict is known.
 */
function exitCodes() {
  let failed = false;
  const note = (text: string) => {
    try {
      // Synchronous, so that the note is written before a crash ends the process.
      writeSync(2, escapeOutput(text));
    } catch {
      // Standard error is gone too: the exit code is all that is left.
    }
  };
  const fail = () => {
    failed = true;
    process.exitCode = ExitCodes.usage;
  };
  const onOutputError = (stream: 'output' | 'error') => (e: NodeJS.ErrnoException) => {
    const first = !failed;
    fail();
    if (stream === 'output' && first)
      note(`payapi: cannot write to standard output (${e.code ?? 'error'}): the result is lost; exit 2\n`);
  };
  const crash = (what: string) => (e: unknown) => {
    fail();
    note(`payapi: internal error (${what}): ${clip(describeError(e), 300)}\n`);
    process.exit(ExitCodes.usage);
  };
  process.stdout.on('error', onOutputError('output'));
  process.stderr.on('error', onOutputError('error'));
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled rejection'));
  return {
    verdict(code: ExitCode) {
      process.exitCode = failed ? ExitCodes.usage : code;
    },
  };
}

if (require.main === module) {
  const exit = exitCodes();
  const interactive = process.stdin.isTTY && process.stderr.isTTY;
  void runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(escapeOutput(t)),
    stderr: (t) => process.stderr.write(escapeOutput(t)),
    env: process.env,
    readStdin,
    readFile: (p) => readFile(p, 'utf8'),
    ...(interactive ? { ask } : {}),
  }).then((code) => exit.verdict(code));
}
