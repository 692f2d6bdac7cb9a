/** A list that keeps each item once (by `key`) and at most `max` of them, then says there are more. */
export class Listed<T extends { line: number }> {
  readonly items: T[] = [];
  private readonly seen = new Set<string>();
  private full = false;

  constructor(
    private readonly key: (item: T) => string,
    private readonly max: number,
    private readonly more?: (line: number) => T,
  ) {}

  add(item: T): void {
    const k = this.key(item);
    if (this.full || this.seen.has(k)) return;
    this.seen.add(k);
    if (this.items.length < this.max) return void this.items.push(item);
    this.full = true;
    if (this.more) this.items.push(this.more(item.line));
  }
}
