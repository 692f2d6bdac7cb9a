import * as vscode from 'vscode';
import { invalidInput } from '../../core/errors';
import { jwtSigningOf, jwtSigningProviderNames } from '../../core/providers/registry';
import type { CommandHandler } from '../../host/commands';
import { requestOptionsFor } from '../../host/config';
import { Commands } from '../../ids';
import type { AccountCommandDeps } from './accountCommands';
import { validator } from './addAccountFlow';

const optionalAmount = (v: string) => {
  if (v.trim() !== '' && !/^\d{1,12}$/.test(v.trim()))
    throw invalidInput('The amount is a whole number of minor units, e.g. 1299');
};
const optionalCurrency = (v: string) => {
  if (v.trim() !== '' && !/^[A-Za-z]{3}$/.test(v.trim()))
    throw invalidInput('The currency is a three-letter code such as USD');
};

/**
 * "Create Embed Token…" on a Gr4vy account: asks for the pins (amount, currency, buyer) and whether
 * to create a checkout session first, then copies a one-hour Embed token; the log names the account
 * and the session, never the token.
 */
export function embedCommand({ store, log, prompts, target }: AccountCommandDeps): Record<string, CommandHandler> {
  return {
    [Commands.createEmbedToken]: async (arg) => {
      const signers = jwtSigningProviderNames();
      const a = await target(arg, `Create an Embed token with which ${signers} account?`);
      if (!a) return undefined;
      const jwt = jwtSigningOf(a);
      const embedToken = jwt?.embedToken;
      if (!jwt || !embedToken)
        throw invalidInput(`“${a.label}” is not a ${signers} account: Embed tokens are ${signers}'s`);
      const p = prompts();
      const title = `Embed token for “${a.label}”`;
      const amount = await p.input({
        title,
        prompt: 'Amount to pin, in minor units (optional)',
        placeholder: '1299',
        validate: validator(optionalAmount),
      });
      if (amount === undefined) return undefined;
      const currency = await p.input({
        title,
        prompt: 'Currency to pin (optional)',
        placeholder: 'USD',
        validate: validator(optionalCurrency),
      });
      if (currency === undefined) return undefined;
      const buyer = await p.input({ title, prompt: "The buyer's external identifier to pin (optional)" });
      if (buyer === undefined) return undefined;
      const withSession = await p.pick(
        [
          {
            label: 'Create a checkout session and pin its id',
            description: 'POST /checkout/sessions, as the SDKs do',
            value: true,
          },
          { label: 'No checkout session', value: false },
        ],
        { title, placeholder: 'Tie the token to a checkout session?' },
      );
      if (withSession === undefined) return undefined;
      const pins: Record<string, unknown> = {};
      if (amount.trim()) pins.amount = Number(amount.trim());
      if (currency.trim()) pins.currency = currency.trim().toUpperCase();
      if (buyer.trim()) pins.buyerExternalIdentifier = buyer.trim();
      const key = await store.readSigningKey(a.id);
      const signsFor = jwt.target(a, key);
      if (signsFor.merchantAccountId) pins.merchantAccountId = signsFor.merchantAccountId;
      const opts = requestOptionsFor(a.provider);
      const r = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Creating an Embed token for “${a.label}”…` },
        () => embedToken(signsFor, pins, withSession, opts),
      );
      if (!r.ok) {
        log.warn(
          `Embed token for "${a.label}": checkout session not created (${r.failure.outcome}): ${r.failure.message}`,
        );
        const advice = r.failure.advice ? ` ${r.failure.advice}` : '';
        void vscode.window.showErrorMessage(`The checkout session was not created: ${r.failure.message}.${advice}`);
        return undefined;
      }
      await vscode.env.clipboard.writeText(r.token);
      const session = r.checkoutSessionId ? `, checkout session ${r.checkoutSessionId}` : '';
      log.info(`Created an Embed token with "${a.label}" (kid ${jwt.kid(a)}${session}, lifetime 3600 s)`);
      void vscode.window.showInformationMessage(
        `Copied an Embed token for “${a.label}”${session}; it expires in 1 hour. Treat it as a credential.`,
      );
      return r.checkoutSessionId ?? true;
    },
  };
}
