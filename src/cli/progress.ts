// A one-line progress bar on stderr (only when it is a terminal; plain lines otherwise).
export class Progress {
  private last = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, extra = ''): void {
    const now = Date.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const pct = this.total ? Math.min(100, Math.floor((done / this.total) * 100)) : 100;
    const width = 30;
    const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
    const line = `${this.label} [${bar}] ${pct}% ${extra}`;
    if (this.out.isTTY) this.out.write(`\r${line}`);
    else if (pct === 100 || now % 10 === 0) this.out.write(`${line}\n`);
  }

  finish(summary: string): void {
    if (this.out.isTTY) this.out.write('\n');
    this.out.write(`${summary}\n`);
  }
}
