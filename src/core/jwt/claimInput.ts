import { AppError, ErrorCodes, clip, invalidInput, isAppError } from '../errors';
import { parseBoundedJson } from '../jsonLimits';

/**
 * Parses embed pins typed by a person (`what` names where: "--embed", "Embed"): a JSON object,
 * at most {@link MAX_JSON_DEPTH} levels deep. Throws ERR_INVALID_INPUT saying what is wrong.
 */
export function parseEmbedJson(text: string, what: string): Record<string, unknown> {
  const example = '{"amount": 1299, "currency": "USD"}';
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(text, `${what} object`);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw invalidInput(`${what} is not valid JSON: ${clip((e as Error).message, 100)}`, `For example: ${example}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput(`${what} must be a JSON object, e.g. ${example}`);
  }
  return parsed as Record<string, unknown>;
}

/** Parses a duration: "30", "30s", "15m", "1h", "2d" → seconds. */
export function parseDuration(input: string): number {
  // Trimmed first: `\s*` on both sides of an optional unit is quadratic in a run of spaces.
  const m = /^(\d+)\s*(s|sec|m|min|h|d)?$/i.exec(input.trim());
  if (!m)
    throw new AppError(ErrorCodes.invalidInput, `"${clip(input.trim(), 40)}" is not a duration`, {
      advice: 'Use e.g. 30s, 15m, 1h or 2d.',
    });
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const seconds = n * (unit.startsWith('m') ? 60 : unit === 'h' ? 3600 : unit === 'd' ? 86_400 : 1);
  if (seconds <= 0 || seconds > 366 * 86_400)
    throw new AppError(
      ErrorCodes.invalidInput,
      `The lifetime must be between 1 second and a year (got ${clip(input.trim(), 40)})`,
    );
  return seconds;
}
