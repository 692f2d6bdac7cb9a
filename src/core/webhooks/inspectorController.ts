import type { Account } from '../providers/accountTypes';
import { describeError } from '../errors';
import type { Logger } from '../logger';
import type { ToWebhookHost, ToWebhookPage, WebhookAccountInfo } from '../../shared/webhookProtocol';
import { verifyHelcimPayResponse } from '../providers/helcim/helcimPay';
import { HELCIMPAY } from '../providers/helcim/helcimPayText';
import { providerOfAccount } from '../providers/registry';
import { parseRawRequest } from './rawRequest';

export interface WebhookInspectorDeps {
  accounts: {
    list(): Account[];
    get(id: string): Account | undefined;
    readWebhookSecrets(id: string): Promise<string[]>;
  };
  /** Asks for a HelcimPay.js secretToken (a password box in the editor); undefined when cancelled. */
  askSecretToken: () => Promise<string | undefined>;
  log: Logger;
  now?: () => number;
}

/** The accounts the page may pick (those of providers that send webhooks), without secrets. */
export function webhookAccounts(accounts: readonly Account[]): WebhookAccountInfo[] {
  return accounts.flatMap((a) => {
    const spec = providerOfAccount(a);
    if (!spec.webhooks) return [];
    const secrets = a.webhookSecrets ?? 0;
    return [
      {
        id: a.id,
        label: a.label,
        provider: a.provider,
        providerName: spec.displayName,
        environment: a.environment,
        secrets,
      },
    ];
  });
}

/**
 * The Webhook Inspector's host side: verifies what the page sends with the account's secrets, which
 * stay here. Answers with a verdict (no secret in it) or an error naming what is wrong.
 */
export class WebhookInspectorController {
  constructor(private readonly deps: WebhookInspectorDeps) {}

  async handle(msg: ToWebhookHost): Promise<ToWebhookPage | undefined> {
    if (msg.type === 'ready') return { type: 'accounts', accounts: webhookAccounts(this.deps.accounts.list()) };
    const { requestId } = msg;
    try {
      if (msg.kind === 'helcimpay') {
        const token = await this.deps.askSecretToken();
        if (!token)
          return { type: 'error', requestId, message: 'Cancelled: the secretToken of this checkout is needed.' };
        const verdict = verifyHelcimPayResponse(msg.text, token);
        this.deps.log.info(`Webhook Inspector: ${HELCIMPAY} response ${verdict.ok ? 'verified' : 'not verified'}`);
        return { type: 'verdict', requestId, verdict };
      }
      const account = this.deps.accounts.get(msg.accountId);
      if (!account)
        return { type: 'error', requestId, message: 'Pick the account whose webhook secret signs these deliveries.' };
      const { displayName, webhooks } = providerOfAccount(account);
      if (!webhooks) return { type: 'error', requestId, message: `${displayName} sends no webhooks to verify.` };
      const secrets = await this.deps.accounts.readWebhookSecrets(account.id);
      if (!secrets.length)
        return {
          type: 'error',
          requestId,
          message: `“${account.label}” has no webhook secret: right-click it in Payment APIs > Set Webhook Secret…`,
        };
      const req = parseRawRequest(msg.text);
      const opts = { toleranceS: msg.toleranceS, ...(this.deps.now ? { nowMs: this.deps.now() } : {}) };
      const verdict = webhooks.verify(req, secrets, opts);
      this.deps.log.info(
        `Webhook Inspector: ${account.provider} delivery ${verdict.id ?? ''} for “${account.label}”: ` +
          `${verdict.ok ? 'verified' : `not verified (${verdict.causes.map((c) => c.cause).join(', ')})`}`,
      );
      return { type: 'verdict', requestId, verdict };
    } catch (e) {
      return { type: 'error', requestId, message: describeError(e) };
    }
  }
}
