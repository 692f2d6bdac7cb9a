import type { LiveSpec } from '../types';
import { runConnectionTest } from '../outcome';
import { HELCIM_ADVICE, helcimConnectionTest } from './connection';

/**
 * "Is it live?" for a Helcim api-token: its connection test, always on production (Helcim has no
 * sandbox host). Helcim answers 403 to a token it refuses and 401 when no token arrived at all (a
 * proxy dropped it), which says nothing about the token.
 */
export const HELCIM_LIVE: LiveSpec = {
  ruleIds: ['helcim-api-token'],
  unauthorized: 'unknown',
  forbidden: 'rejected',
  plan: async (_ruleId, secret, where) => {
    const req = helcimConnectionTest(secret, where.baseUrl);
    return {
      method: 'GET',
      url: req.url,
      production: true,
      run: (opts) => runConnectionTest(HELCIM_ADVICE, req, [secret], opts),
    };
  },
};
