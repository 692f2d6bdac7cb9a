import { type KeyAdvice, type SigningKey, readSigningKey } from '../../keys/privateKey';

/** What Gr4vy calls its keys and where a user gets one. */
export const GR4VY_KEY_ADVICE: KeyAdvice = {
  provider: 'Gr4vy',
  howToGet:
    'Use the private key file downloaded when the API key was created in the Gr4vy dashboard ' +
    '(Integrations > API keys).',
  createdIn: 'the Gr4vy dashboard',
};

/** Reads a Gr4vy account's private key; refusals say where Gr4vy issues keys. */
export function readGr4vyKey(text: string): Promise<SigningKey> {
  return readSigningKey(text, GR4VY_KEY_ADVICE);
}
