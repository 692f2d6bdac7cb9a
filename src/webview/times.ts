// Relative times of a token's time claims, kept live once a second.
/** "24 s", "5 min", "3 h", "2 days". */
function amount(a: number): string {
  return a < 90
    ? `${a} s`
    : a < 5400
      ? `${Math.round(a / 60)} min`
      : a < 172_800
        ? `${Math.round(a / 3600)} h`
        : `${Math.round(a / 86_400)} days`;
}
/** One comparison decides past or future; future amounts round up, so "in 0 s" never shows. */
export function timeLabel(claim: string, seconds: number, nowMs: number): string {
  const diffMs = seconds * 1000 - nowMs;
  const future = diffMs > 0;
  const a = future ? Math.ceil(diffMs / 1000) : Math.floor(-diffMs / 1000);
  if (claim === 'exp') return future ? `expires in ${amount(a)}` : `expired ${amount(a)} ago`;
  if (claim === 'nbf') return future ? `valid in ${amount(a)}` : `valid since ${amount(a)} ago`;
  return future ? `issued in ${amount(a)} (in the future)` : `issued ${amount(a)} ago`;
}
export function tick(): void {
  const now = Date.now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-seconds]')) {
    el.textContent = timeLabel(el.dataset.claim ?? '', Number(el.dataset.seconds), now);
    el.classList.toggle('expired', el.dataset.claim === 'exp' && Number(el.dataset.seconds) * 1000 <= now);
  }
}
/** Starts updating every shown time once a second. */
export function startClock(): void {
  setInterval(tick, 1000);
}
