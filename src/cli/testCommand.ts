import type { ParseArgsConfig } from 'node:util';
import type { ConnectionResult } from '../core/providers/accountTypes';
import { parseScopes } from '../core/providers/gr4vy/fields';
import { validateBaseUrl } from '../core/accounts/validate';
import { validateHelcimToken } from '../core/providers/helcim/token';
import { AppError, ErrorCodes } from '../core/errors';
import { proxyFromEnv } from '../core/http/request';
import { testGr4vy } from '../core/providers/gr4vy/connection';
import { GR4VY_DEFAULT_SCOPES } from '../core/providers/gr4vy/scopes';
import { testHelcim } from '../core/providers/helcim/connection';
import { escapeText } from '../core/text/escape';
import { GR4VY_TARGET_OPTIONS, gr4vyTargetOf, requestOptionsOf, timeoutOf } from './gr4vyOptions';
import {
  type CliIo,
  type ExitCode,
  ExitCodes,
  type Subcommand,
  dispatch,
  parseOptions,
  refusePositionals,
  usageError,
} from './io';

const USAGE = `Usage:
  payapi test helcim [--base-url URL] [--timeout-ms N] [--token-stdin]
      The token comes from the HELCIM_API_TOKEN environment variable, or standard input
      with --token-stdin; never from an argument.
  payapi test gr4vy --instance ID --key FILE [--environment sandbox|production]
      [--merchant-account-id ID] [--scopes a,b] [--base-url URL] [--timeout-ms N]
      FILE holds the private key (PKCS#8 or SEC1 PEM, or a private JWK); - reads standard input.

Prints one line: connected (with latency) or what went wrong and what to do.
Uses HTTPS_PROXY / NO_PROXY when set. Exit codes: 0 connected, 1 not connected, 2 usage or I/O error.`;

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], io: CliIo, options: O) {
  const secretFlag = args.find((a) => /^--(token|api-token|key-text|secret)(=|$)/.test(a));
  if (secretFlag)
    usageError(
      `${secretFlag.split('=')[0]} is not accepted: secrets on the command line are visible to other users of this ` +
        `machine. Use the environment or standard input.`,
    );
  const parsed = parseOptions(args, options);
  refusePositionals(io, args, parsed.tokens, 'secrets come from the environment or standard input');
  return parsed;
}

function report(io: CliIo, r: ConnectionResult): ExitCode {
  if (r.ok) {
    io.stdout(`connected: ${escapeText(r.message)}\n`);
    return ExitCodes.ok;
  }
  io.stdout(`not connected (${r.outcome}): ${escapeText(r.message)}\n`);
  if (r.advice) io.stdout(`  ${escapeText(r.advice)}\n`);
  return ExitCodes.failure;
}

async function runHelcim(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parse(args, io, {
    'base-url': { type: 'string' },
    'timeout-ms': { type: 'string' },
    'token-stdin': { type: 'boolean' },
  });
  const raw = values['token-stdin'] ? await io.readStdin() : io.env.HELCIM_API_TOKEN;
  if (raw === undefined || raw.trim() === '') {
    usageError(
      values['token-stdin']
        ? 'Standard input was empty: pipe the api-token into it.'
        : 'Set HELCIM_API_TOKEN to the api-token, or pipe it in with --token-stdin.',
    );
  }
  let token: string;
  try {
    token = validateHelcimToken(raw);
  } catch (e) {
    throw new AppError(ErrorCodes.invalidInput, `The api-token is not usable: ${(e as Error).message}`);
  }
  const baseUrl =
    values['base-url'] === undefined ? undefined : validateBaseUrl(String(values['base-url']), '--base-url');
  return report(
    io,
    await testHelcim(token, {
      baseUrl,
      timeoutMs: timeoutOf(values['timeout-ms']),
      proxy: proxyFromEnv(io.env),
    }),
  );
}

async function runGr4vy(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parse(args, io, { ...GR4VY_TARGET_OPTIONS, scopes: { type: 'string' } });
  const target = await gr4vyTargetOf(values, io);
  const scopes = values.scopes === undefined ? [...GR4VY_DEFAULT_SCOPES] : parseScopes(String(values.scopes));
  return report(io, await testGr4vy({ ...target, scopes }, requestOptionsOf(values, io)));
}

export const testCommand: Subcommand = {
  summary: 'test a Helcim api-token or a Gr4vy key against the provider',
  usage: USAGE,
  run: (args, io) => dispatch(args, io, 'a provider', { helcim: runHelcim, gr4vy: runGr4vy }, USAGE),
};
