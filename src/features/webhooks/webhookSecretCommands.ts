import * as vscode from 'vscode';
import { providerOfAccount, webhooksOf } from '../../core/providers/registry';
import { validateWebhookSecret } from '../../core/webhooks/secrets';
import type { AccountCommandDeps } from '../accounts/accountCommands';
import { validator } from '../accounts/addAccountFlow';

export type WebhookSecretDeps = AccountCommandDeps;

/** Set (or rotate) and remove an account's webhook secrets. */
export function webhookSecretCommands(deps: WebhookSecretDeps) {
  return {
    async set(arg?: unknown): Promise<number | undefined> {
      const account = await deps.target(arg, 'Which account receives the webhooks?');
      if (!account) return undefined;
      const { displayName } = providerOfAccount(account);
      const webhooks = webhooksOf(account.provider);
      const noun = webhooks.webhookSecretNoun;
      const value = await deps.prompts().input({
        title: `Webhook Secret of “${account.label}”`,
        prompt: `The ${noun} (${displayName}: ${webhooks.where}). It is kept in VS Code's secret storage.`,
        password: true,
        validate: validator((v) => validateWebhookSecret(account.provider, v)),
      });
      if (!value) return undefined;
      const current = await deps.store.readWebhookSecrets(account.id);
      let next = [value];
      if (webhooks.maxSecrets > 1 && current[0] && current[0] !== value.trim()) {
        const rotate = await deps.prompts().pick(
          [
            {
              label: 'Rotate: keep the old secret as the previous one',
              description: 'deliveries signed with either are accepted until you remove it',
              value: true,
            },
            { label: 'Replace the old secret', value: false },
          ],
          {
            title: `Webhook Secret of “${account.label}”`,
            placeholder: `${displayName} signs with both secrets during a rotation`,
          },
        );
        if (rotate === undefined) return undefined;
        if (rotate) next = [value, current[0]];
      }
      const updated = await deps.store.setWebhookSecrets(account.id, next);
      deps.log.info(`Stored ${next.length} webhook secret(s) for “${account.label}”`);
      void vscode.window.showInformationMessage(
        next.length > 1
          ? `“${account.label}” accepts deliveries signed with the new or the previous webhook secret.`
          : `The ${noun} of “${account.label}” is stored in secret storage.`,
      );
      return updated.webhookSecrets;
    },

    async remove(arg?: unknown): Promise<number | undefined> {
      const account = await deps.target(arg, 'Which account’s webhook secret?');
      if (!account) return undefined;
      const current = await deps.store.readWebhookSecrets(account.id);
      if (!current.length) {
        void vscode.window.showInformationMessage(`“${account.label}” has no webhook secret.`);
        return 0;
      }
      let keep: string[] = [];
      if (current.length > 1) {
        const choice = await deps.prompts().pick(
          [
            { label: 'Remove the previous secret (the rotation is done)', value: 'previous' as const },
            { label: 'Remove both', value: 'both' as const },
          ],
          { title: `Webhook Secrets of “${account.label}”`, placeholder: 'What should go?' },
        );
        if (!choice) return undefined;
        keep = choice === 'previous' ? current.slice(0, 1) : [];
      } else if (
        !(await deps
          .prompts()
          .confirm(
            `Remove the webhook secret of “${account.label}”?`,
            'Deliveries can no longer be verified.',
            'Remove',
          ))
      ) {
        return undefined;
      }
      await deps.store.setWebhookSecrets(account.id, keep);
      deps.log.info(`Webhook secrets of “${account.label}”: ${keep.length} left`);
      return keep.length;
    },
  };
}
