/**
 * A one-line progress counter on stderr, only for interactive scans of more
 * than 200 files: small scans finish before it would be read, and CI logs
 * should not fill with carriage returns.
 */
export class Progress {
  private readonly enabled: boolean;
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    files: number,
  ) {
    this.enabled = stream.isTTY === true && files > 200;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 80 && done < total) return;
    this.lastDraw = now;
    // Both passes visit every file: the first half of `total` is indexing, the second analysis.
    const files = total / 2;
    const [phase, count] = done <= files ? ['indexing', done] : ['analyzing', done - files];
    this.stream.write(`\r\x1b[2Kscalecheck: ${phase} ${count}/${files} files`);
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }
}
