/** A progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise (CI logs). */
export class ProgressBar {
  private done = 0;
  private lastTenth = -1;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Sets how much is done (imports report their position, not steps). */
  to(done: number): void {
    this.tick(done - this.done);
  }

  tick(by = 1): void {
    this.done = Math.min(this.total, this.done + by);
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      this.out.write(
        `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} ${this.rate()}`,
      );
    } else {
      const tenth = Math.floor(ratio * 10);
      if (tenth !== this.lastTenth) {
        this.lastTenth = tenth;
        this.out.write(
          `${this.label}: ${tenth * 10}% (${this.done}/${this.total}) ${this.rate()}\n`,
        );
      }
    }
  }

  finish(): void {
    this.tick(0);
    if (this.out.isTTY) this.out.write('\n');
  }

  private rate(): string {
    const seconds = (Date.now() - this.started) / 1000;
    return seconds > 0 ? `${Math.round(this.done / seconds)}/s` : '';
  }
}
