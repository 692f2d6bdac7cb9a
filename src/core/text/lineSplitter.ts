import { StringDecoder } from 'node:string_decoder';

/**
 * Splits UTF-8 bytes into lines at `\n` (a `\r` before it is dropped): `\n` is the only line end in
 * git's output. A lone `\r` is part of its line, as git means it (a file with old Mac line ends is one
 * line to git, and all of it was added): splitting there, as readline does, would hide what follows
 * the `\r` from the scan.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The pieces of a line not yet ended (a long line spans chunks: joined once, at its end). */
  private pieces: string[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.pieces.push(text.slice(from, nl));
      this.emit();
      from = nl + 1;
    }
    if (from < text.length) this.pieces.push(text.slice(from));
  }

  end(): void {
    const last = this.decoder.end();
    if (last) this.pieces.push(last);
    if (this.pieces.length) this.emit();
  }

  private emit(): void {
    const line = this.pieces.length === 1 ? (this.pieces[0] ?? '') : this.pieces.join('');
    this.pieces = [];
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
