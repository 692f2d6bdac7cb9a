/**
 * An option's value quoted for a usage error when it is short and plain (`"jsno"`, `"-3"`), or a
 * note that it is not shown: a value in the wrong place may be a secret.
 */
export function quotedValue(value: string | undefined): string {
  if (value === undefined) return 'nothing';
  return /^[\w.:-]{0,12}$/.test(value) ? `"${value}"` : 'a value not shown, in case it is a secret';
}
