import type { Rule } from '../rule';
import { clientConfigSecret } from './clientConfig';
import { publicEnvSecret } from './publicEnv';
import { helcimPaySecretTokenExposed } from '../../providers/helcim/exposureRules';
import { browserServerCall } from './browserServerCall';
import { secretInLog } from './secretInLog';

/**
 * Rules that find where a payment secret reaches the browser or a log, rather than its value:
 * public environment names, provider APIs called from browser code, secrets written to logs, and
 * HelcimPay.js's secretToken sent to the browser. Their findings are names and calls, so they sit
 * after the secret rules (which win where the two overlap) and are documented in media/rules.md.
 */
export const EXPOSURE_RULES: readonly Rule[] = [
  publicEnvSecret,
  clientConfigSecret,
  browserServerCall,
  helcimPaySecretTokenExposed,
  secretInLog,
];
