import { AppError, ErrorCodes } from '../../errors';
import type { CliTestSpec } from '../types';
import { testHelcim } from './connection';
import { validateHelcimToken } from './token';

/** `payapi test helcim`: the api-token from HELCIM_API_TOKEN or standard input, never an argument. */
export const HELCIM_CLI: CliTestSpec = {
  usage: `payapi test helcim [--base-url URL] [--timeout-ms N] [--token-stdin]
      The token comes from the HELCIM_API_TOKEN environment variable, or standard input
      with --token-stdin; never from an argument.`,
  options: {
    'base-url': { type: 'string' },
    'timeout-ms': { type: 'string' },
    'token-stdin': { type: 'boolean' },
  },
  async test(values, input) {
    const raw = values['token-stdin'] ? await input.readStdin() : input.env.HELCIM_API_TOKEN;
    if (raw === undefined || raw.trim() === '') {
      throw new AppError(
        ErrorCodes.usage,
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
    return testHelcim(token, input.requestOptions(values));
  },
};
