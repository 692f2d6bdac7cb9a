import { type AccountStore, prepareSecret } from '../../core/accounts/store';
import type { AccountDraft, AccountScope, Environment, ProviderId } from '../../core/accounts/types';
import {
  parseScopes,
  validateInstanceId,
  validateLabel,
  validateMerchantAccountId,
} from '../../core/accounts/validate';
import { describeError } from '../../core/errors';
import type { Prompts } from './prompts';

/** Runs `check` and turns a thrown error into the message an input box shows under the field. */
function validator(check: (v: string) => unknown): (v: string) => Promise<string | undefined> {
  return async (v) => {
    try {
      await check(v);
      return undefined;
    } catch (e) {
      return describeError(e);
    }
  };
}

const PROVIDERS: { label: string; description: string; value: ProviderId }[] = [
  { label: 'Helcim', description: 'api-token header', value: 'helcim' },
  { label: 'Gr4vy', description: 'ES512 JWTs signed with a P-521 private key', value: 'gr4vy' },
];

/** Asks for the secret of `provider`: a token in a password box, or a key pasted or read from a file. */
export async function askSecret(prompts: Prompts, provider: ProviderId, title: string): Promise<string | undefined> {
  if (provider === 'helcim') {
    return prompts.input({
      title,
      prompt:
        "The api-token (All Tools > Integrations > API Access Configuration in Helcim). It is kept in VS Code's secret storage.",
      password: true,
      validate: validator((v) => prepareSecret('helcim', v)),
    });
  }
  for (;;) {
    const source = await prompts.pick(
      [
        {
          label: '$(file) Read the key from a file…',
          description: 'PKCS#8 or SEC1 PEM, or a private JWK',
          value: 'file' as const,
        },
        { label: '$(clippy) Paste the key', description: 'the whole PEM or JWK', value: 'paste' as const },
      ],
      { title, placeholder: 'Where is the private key?' },
    );
    if (source === undefined) return undefined;
    if (source === 'paste') {
      return prompts.input({
        title,
        prompt: "Paste the private key (PEM or JWK). It is kept in VS Code's secret storage.",
        password: true,
        validate: validator((v) => prepareSecret('gr4vy', v)),
      });
    }
    let text: string | undefined;
    try {
      text = await prompts.readFile('Choose the Gr4vy private key file');
    } catch (e) {
      await prompts.confirm('The key file could not be read', describeError(e), 'Choose Again');
      continue;
    }
    if (text === undefined) continue;
    try {
      await prepareSecret('gr4vy', text);
      return text;
    } catch (e) {
      if (
        !(await prompts.confirm('That file does not hold a usable Gr4vy key', describeError(e), 'Choose Another Key'))
      )
        return undefined;
    }
  }
}

/**
 * The add-account flow: provider, name, provider settings, secret, where to keep it. Every answer
 * is validated as it is typed; nothing is stored until the last answer. Returns undefined when
 * the user cancels at any step.
 */
export async function collectAccountDraft(prompts: Prompts, store: AccountStore): Promise<AccountDraft | undefined> {
  const title = 'Add Payment API Account';
  const provider = await prompts.pick(PROVIDERS, { title, placeholder: 'Which provider?' });
  if (!provider) return undefined;
  const name = provider === 'helcim' ? 'Helcim' : 'Gr4vy';
  const taken = new Set(store.list().map((a) => a.label.toLowerCase()));
  const label = await prompts.input({
    title: `${title}: ${name}`,
    prompt: 'A name for this account, shown in the Accounts view',
    value: taken.has(name.toLowerCase()) ? '' : name,
    validate: validator((v) => {
      validateLabel(v);
      if (taken.has(v.trim().toLowerCase())) throw new Error('An account with this name exists already');
    }),
  });
  if (label === undefined) return undefined;
  const environment = await prompts.pick<Environment>(
    provider === 'helcim'
      ? [
          { label: 'Test account', description: 'a Helcim test account (from Helcim support)', value: 'sandbox' },
          { label: 'Production', description: 'real payments', value: 'production' },
        ]
      : [
          { label: 'Sandbox', description: 'api.sandbox.<id>.gr4vy.app', value: 'sandbox' },
          { label: 'Production', description: 'api.<id>.gr4vy.app: real payments', value: 'production' },
        ],
    { title: `${title}: ${label}`, placeholder: 'Which environment?' },
  );
  if (!environment) return undefined;

  let gr4vy: { instanceId: string; merchantAccountId?: string; scopes: string[] } | undefined;
  if (provider === 'gr4vy') {
    const instanceId = await prompts.input({
      title: `${title}: ${label}`,
      prompt: 'The instance id: the <id> in https://api.<id>.gr4vy.app',
      placeholder: 'acme',
      validate: validator(validateInstanceId),
    });
    if (instanceId === undefined) return undefined;
    const merchant = await prompts.input({
      title: `${title}: ${label}`,
      prompt: 'Merchant account id (optional; for multi-merchant instances). Leave empty for none.',
      validate: validator(validateMerchantAccountId),
    });
    if (merchant === undefined) return undefined;
    const scopes = await prompts.input({
      title: `${title}: ${label}`,
      prompt: 'Scopes for connection tests and signed tokens (the test needs buyers.read or *.read)',
      value: '*.read, *.write',
      validate: validator(parseScopes),
    });
    if (scopes === undefined) return undefined;
    const merchantAccountId = validateMerchantAccountId(merchant);
    gr4vy = {
      instanceId: validateInstanceId(instanceId),
      scopes: parseScopes(scopes),
      ...(merchantAccountId ? { merchantAccountId } : {}),
    };
  }

  const secret = await askSecret(prompts, provider, `${title}: ${label}`);
  if (secret === undefined) return undefined;
  const scope = await prompts.pick<AccountScope>(
    [
      { label: 'All workspaces', description: 'available in every window', value: 'global' },
      { label: 'This workspace only', description: 'listed only when this folder is open', value: 'workspace' },
    ],
    {
      title: `${title}: ${label}`,
      placeholder: 'Where should this account be available? (The secret itself always goes to secret storage.)',
    },
  );
  if (!scope) return undefined;
  const common = { label: label.trim(), environment, scope, secret };
  return provider === 'helcim'
    ? { provider, ...common }
    : { provider, ...common, ...(gr4vy as NonNullable<typeof gr4vy>) };
}
