import { parseEmbedJson } from '../core/jwt/claimInput';
import { embedToken } from '../core/providers/gr4vy/embed';
import { GR4VY_COMMAND_SUMMARY, GR4VY_COMMAND_USAGE, GR4VY_TARGET_OPTIONS } from '../core/providers/gr4vy/cli';
import { gr4vyTargetOf, requestOptionsOf } from './gr4vyOptions';
import { type CliIo, type ExitCode, ExitCodes, createActionCommand, parseOptionsOnly, usageError } from './io';

const EMBED_OPTIONS = {
  ...Object.fromEntries(
    ['amount', 'currency', 'buyer-external-identifier', 'buyer-id', 'embed'].map(
      (n) => [n, { type: 'string' }] as const,
    ),
  ),
  'checkout-session': { type: 'boolean' },
} as const;

/** The embed pins from --embed JSON and the single-value options (which win). */
function pinsOf(values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const pins: Record<string, unknown> = typeof values.embed === 'string' ? parseEmbedJson(values.embed, '--embed') : {};
  if (values.amount !== undefined) {
    const amount = Number(values.amount);
    if (!Number.isInteger(amount) || amount < 0)
      usageError('--amount must be a whole number of minor units, e.g. 1299');
    pins.amount = amount;
  }
  if (typeof values.currency === 'string') {
    if (!/^[A-Z]{3}$/.test(values.currency)) usageError('--currency must be an ISO 4217 code such as USD');
    pins.currency = values.currency;
  }
  if (typeof values['buyer-external-identifier'] === 'string') {
    pins.buyerExternalIdentifier = values['buyer-external-identifier'];
  }
  if (typeof values['buyer-id'] === 'string') pins.buyerId = values['buyer-id'];
  return pins;
}

async function embed(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptionsOnly(io, args, { ...GR4VY_TARGET_OPTIONS, ...EMBED_OPTIONS });
  const pins = pinsOf(values);
  const target = await gr4vyTargetOf(values, io);
  if (target.merchantAccountId && pins.merchantAccountId === undefined)
    pins.merchantAccountId = target.merchantAccountId;
  const r = await embedToken(target, pins, values['checkout-session'] === true, requestOptionsOf(values, io));
  if (!r.ok) {
    io.stdout(`checkout session not created (${r.failure.outcome}): ${r.failure.message}\n`);
    if (r.failure.advice) io.stdout(`  ${r.failure.advice}\n`);
    return ExitCodes.failure;
  }
  io.stdout(`${r.token}\n`);
  if (r.checkoutSessionId) io.stdout(`checkout_session_id ${r.checkoutSessionId}\n`);
  return ExitCodes.ok;
}

export const gr4vyCommand = createActionCommand({
  summary: GR4VY_COMMAND_SUMMARY,
  usage: GR4VY_COMMAND_USAGE,
  actions: { embed },
});
