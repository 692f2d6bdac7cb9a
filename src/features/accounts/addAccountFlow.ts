import type { AccountStore } from '../../core/accounts/store';
import type { AccountDraft, AccountScope, Environment, ProviderId } from '../../core/providers/accountTypes';
import { validateLabel } from '../../core/accounts/validate';
import { describeError } from '../../core/errors';
import { PROVIDERS, providerOf } from '../../core/providers/registry';
import type { AccountFieldSpec, FieldChoice, TestOptions } from '../../core/providers/types';
import type { Prompts } from './prompts';

/** Runs `check` and turns a thrown error into the message an input box shows under the field. */
export function validator(check: (v: string) => unknown): (v: string) => Promise<string | undefined> {
  return async (v) => {
    try {
      await check(v);
      return undefined;
    } catch (e) {
      return describeError(e);
    }
  };
}

/** Asks for the secret of `provider`: a password box, or for keys also a file. Undefined when cancelled. */
export async function askSecret(prompts: Prompts, provider: ProviderId, title: string): Promise<string | undefined> {
  const spec = providerOf(provider);
  const typed = () =>
    prompts.input({
      title,
      prompt: spec.secretEntry.prompt,
      password: true,
      validate: validator((v) => spec.prepareSecret(v)),
    });
  if (spec.secretEntry.kind === 'text') return typed();
  for (;;) {
    const source = await prompts.pick(
      [
        {
          label: '$(file) Read the key from a file…',
          description: spec.secretEntry.formats ?? 'PEM or JWK',
          value: 'file' as const,
        },
        { label: '$(clippy) Paste the key', description: 'the whole PEM or JWK', value: 'paste' as const },
      ],
      { title, placeholder: `Where is the ${spec.secretNoun}?` },
    );
    if (source === undefined) return undefined;
    if (source === 'paste') return typed();
    let text: string | undefined;
    try {
      text = await prompts.readFile(`Choose the ${spec.displayName} ${spec.secretNoun} file`);
    } catch (e) {
      await prompts.confirm('The key file could not be read', describeError(e), 'Choose Again');
      continue;
    }
    if (text === undefined) continue;
    try {
      await spec.prepareSecret(text);
      return text;
    } catch (e) {
      const again = await prompts.confirm(
        `That file does not hold a usable ${spec.displayName} key`,
        describeError(e),
        'Choose Another Key',
      );
      if (!again) return undefined;
    }
  }
}

const TYPE_IT = '\u0000type';

/**
 * Asks one field: a pick among `choices` (with "Enter it…" when `typedToo`), else an input box.
 * Undefined when cancelled.
 */
async function askField(
  prompts: Prompts,
  title: string,
  f: AccountFieldSpec,
  choices: readonly FieldChoice[] | undefined,
  typedToo: boolean,
): Promise<string | undefined> {
  if (choices) {
    const items = [
      ...choices.map((c) => ({
        label: c.label,
        ...(c.description ? { description: c.description } : {}),
        value: c.value,
      })),
      ...(typedToo ? [{ label: 'Enter it…', description: 'type a value not listed', value: TYPE_IT }] : []),
    ];
    const picked = await prompts.pick(items, { title, placeholder: f.prompt });
    if (picked !== TYPE_IT) return picked;
  }
  return prompts.input({
    title,
    prompt: f.prompt,
    ...(f.placeholder ? { placeholder: f.placeholder } : {}),
    ...(f.initial ? { value: f.initial } : {}),
    validate: validator((v) => f.parse(v)),
  });
}

/**
 * The add-account flow: provider, name, environment, the provider's own fields, secret, the fields
 * read from the provider with it (a pick, or typed when it would not say), where to keep it.
 * Every answer is validated as it is typed; nothing is stored until the last answer.
 * With `prefill` (a secret found in a file) the provider and secret are not asked again.
 * Returns undefined when the user cancels at any step.
 */
export async function collectAccountDraft(
  prompts: Prompts,
  store: AccountStore,
  prefill?: { provider: ProviderId; secret: string },
  requestOptions: (provider: ProviderId) => TestOptions = () => ({}),
): Promise<AccountDraft | undefined> {
  const title = 'Add Payment API Account';
  const provider =
    prefill?.provider ??
    (await prompts.pick(
      PROVIDERS.map((p) => ({ label: p.displayName, description: p.summary, value: p.id })),
      { title, placeholder: 'Which provider?' },
    ));
  if (!provider) return undefined;
  const spec = providerOf(provider);
  if (prefill) await spec.prepareSecret(prefill.secret); // refuse an unusable secret before asking anything
  const taken = new Set(store.list().map((a) => a.label.toLowerCase()));
  const label = await prompts.input({
    title: `${title}: ${spec.displayName}`,
    prompt: 'A name for this account, shown in the Accounts view',
    value: taken.has(spec.displayName.toLowerCase()) ? '' : spec.displayName,
    validate: validator((v) => {
      validateLabel(v);
      if (taken.has(v.trim().toLowerCase())) throw new Error('An account with this name exists already');
    }),
  });
  if (label === undefined) return undefined;
  const step = `${title}: ${label}`;
  const environment = await prompts.pick<Environment>(
    (['sandbox', 'production'] as const).map((env) => ({ ...spec.environments[env], value: env })),
    { title: step, placeholder: 'Which environment?' },
  );
  if (!environment) return undefined;

  const fields: Record<string, unknown> = {};
  const ask = async (f: AccountFieldSpec, choices: readonly FieldChoice[] | undefined, typedToo: boolean) => {
    const answer = await askField(prompts, step, f, choices, typedToo);
    if (answer === undefined) return false;
    const value = f.parse(answer);
    if (value !== undefined) fields[f.key] = value;
    return true;
  };
  for (const f of spec.fields.filter((x) => !x.lookup)) if (!(await ask(f, f.choices, false))) return undefined;

  const secret = prefill?.secret ?? (await askSecret(prompts, provider, step));
  if (secret === undefined) return undefined;
  for (const f of spec.fields) {
    if (!f.lookup) continue;
    const found = await f.lookup({ environment, fields, secret, opts: requestOptions(provider) });
    if (!(await ask(f, found?.length ? found : undefined, true))) return undefined;
  }
  const scope = await prompts.pick<AccountScope>(
    [
      { label: 'All workspaces', description: 'available in every window', value: 'global' },
      { label: 'This workspace only', description: 'listed only when this folder is open', value: 'workspace' },
    ],
    {
      title: step,
      placeholder: 'Where should this account be available? (The secret itself always goes to secret storage.)',
    },
  );
  if (!scope) return undefined;
  return { ...fields, provider, label: label.trim(), environment, scope, secret } as AccountDraft;
}
