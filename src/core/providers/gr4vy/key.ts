import { type KeyAdvice, type SigningKey, readSigningKey } from '../../keys/privateKey';

/** What Gr4vy calls its keys and where a user gets one. */
export const GR4VY_KEY_ADVICE: KeyAdvice = {
  provider: 'Gr4vy',
  howToGet:
    'Use the private key file downloaded when the API key was created in the Gr4vy dashboard ' +
    '(Integrations > API keys).',
  createdIn: 'the Gr4vy dashboard',
  // "The API supports 2 algorithms for signing JWTs, namely ECDSA and RSA" (Gr4vy docs,
  // "Authenticate an API call" > Algorithm); the SDKs support ECDSA only.
  acceptsRsa: true,
};

/** Said wherever an RSA key is accepted (Add Account, the tree, run-time injection). */
export const RSA_CAVEAT = "Gr4vy's API accepts RSA keys; its SDKs do not; prefer ECDSA P-521";

/** Reads a Gr4vy account's private key; refusals say where Gr4vy issues keys. */
export function readGr4vyKey(text: string): Promise<SigningKey> {
  return readSigningKey(text, GR4VY_KEY_ADVICE);
}
