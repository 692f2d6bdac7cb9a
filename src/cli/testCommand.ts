import type { ParseArgsConfig } from 'node:util';
import type { ConnectionResult } from '../core/providers/accountTypes';
import { PROVIDERS } from '../core/providers/registry';
import type { CliTestInput, ProviderSpec } from '../core/providers/types';
import { escapeText } from '../core/text/escape';
import { requestOptionsOf } from './gr4vyOptions';
import {
  type CliIo,
  type ExitCode,
  ExitCodes,
  createActionCommand,
  parseOptionsOnly,
  readKeyOption,
  usageError,
} from './io';

/** The usage, built from each provider's part of `payapi test`. */
function usage(): string {
  const lines = PROVIDERS.map((p) => `  ${p.cli.usage}`).join('\n');
  return `Usage:
${lines}

Prints one line: connected (with latency) or what went wrong and what to do.
Uses HTTPS_PROXY / NO_PROXY when set. Exit codes: 0 connected, 1 not connected, 2 usage or I/O error.`;
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], io: CliIo, options: O) {
  const secretFlag = args.find((a) => /^--(token|api-token|key-text|secret)(=|$)/.test(a));
  if (secretFlag)
    usageError(
      `${secretFlag.split('=')[0]} is not accepted: secrets on the command line are visible to other users of this ` +
        `machine. Use the environment or standard input.`,
    );
  return parseOptionsOnly(io, args, options, 'secrets come from the environment or standard input');
}

function report(io: CliIo, r: ConnectionResult): ExitCode {
  if (r.ok) {
    io.stdout(`connected: ${escapeText(r.message)}\n`);
    for (const line of [r.advice, r.keyFacts]) if (line) io.stdout(`  ${escapeText(line)}\n`);
    return ExitCodes.ok;
  }
  io.stdout(`not connected (${r.outcome}): ${escapeText(r.message)}\n`);
  if (r.advice) io.stdout(`  ${escapeText(r.advice)}\n`);
  return ExitCodes.failure;
}

/** Parses the provider's options and runs its test with what the CLI lends it. */
async function runTest(spec: ProviderSpec, args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parse(args, io, spec.cli.options);
  const input: CliTestInput = {
    env: io.env,
    readStdin: () => io.readStdin(),
    readKey: (file, read) => readKeyOption(io, file, read),
    requestOptions: (v) => requestOptionsOf(v, io),
  };
  return report(io, await spec.cli.test(values, input));
}

export const testCommand = createActionCommand({
  get summary() {
    const credentials = PROVIDERS.map((p) => `${p.displayName} ${p.secretNoun}`).join(', ');
    return `test a credential against its provider (${credentials})`;
  },
  get usage() {
    return usage();
  },
  what: 'a provider',
  get actions() {
    return Object.fromEntries(PROVIDERS.map((p) => [p.id, (args: string[], io: CliIo) => runTest(p, args, io)]));
  },
});
