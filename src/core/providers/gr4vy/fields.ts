import { clip, invalidInput } from '../../errors';

/**
 * A Gr4vy instance id (the `<id>` in `api.<id>.gr4vy.app`). Accepts a pasted API URL and
 * extracts the id from it. Returns the id in lower case.
 */
export function validateInstanceId(input: string): string {
  let t = input.trim().toLowerCase();
  const fromUrl = /^(?:https?:\/\/)?api\.(?:sandbox\.)?([a-z0-9-]+)\.gr4vy\.app\/?$/.exec(t);
  if (fromUrl?.[1]) t = fromUrl[1];
  if (t === '') throw invalidInput('The instance id is empty', 'It is the <id> in https://api.<id>.gr4vy.app.');
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(t)) {
    throw invalidInput(
      'The instance id may contain only letters, digits and inner hyphens',
      'It is the <id> in https://api.<id>.gr4vy.app.',
    );
  }
  return t;
}

/** An optional Gr4vy merchant account id; '' means none. */
export function validateMerchantAccountId(input: string): string | undefined {
  const t = input.trim();
  if (t === '') return undefined;
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(t))
    throw invalidInput('The merchant account id may contain only letters, digits and _ . : -');
  return t;
}

/**
 * Parses a comma- or space-separated scope list; each must look like `<resource>.read|write`,
 * `*.read|write` or `embed`.
 */
export function parseScopes(input: string): string[] {
  const scopes = [
    ...new Set(
      input
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (scopes.length === 0) throw invalidInput('At least one scope is needed', 'For example: *.read, *.write');
  for (const s of scopes) {
    if (s !== 'embed' && !/^(\*|[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*)\.(read|write)$/.test(s)) {
      throw invalidInput(
        `"${clip(s, 60)}" is not a scope`,
        'Scopes look like buyers.read, transactions.write, *.read or embed.',
      );
    }
  }
  return scopes;
}
