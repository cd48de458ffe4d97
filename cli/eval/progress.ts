import type { ReadProgress } from './sources.js';

const BAR_WIDTH = 20;
const REDRAW_MS = 100;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms: rows, bytes, rows/s and, when
 * the size is known, a bar and a percentage. Cleared when done.
 */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  private readonly started = performance.now();
  /** Ctrl-C mid-run: clear the bar so the shell prompt starts on a clean line, then exit as interrupted. */
  private readonly interrupted = (): void => {
    this.clear();
    process.exit(130); // 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
  };

  constructor(
    private readonly stream: NodeJS.WritableStream & { columns?: number },
    private readonly read: ReadProgress,
  ) {
    process.once('SIGINT', this.interrupted);
  }

  /** Called per row; cheap unless a redraw is due. */
  update(rows: number): void {
    if ((rows & 1023) !== 0) return;
    const now = performance.now();
    if (now - this.last < REDRAW_MS) return;
    this.last = now;
    this.draw(rows, now);
  }

  private draw(rows: number, now: number): void {
    const seconds = Math.max((now - this.started) / 1000, 1e-9);
    const rate = `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`;
    let bar = '';
    const { bytes, totalBytes } = this.read;
    if (totalBytes !== undefined && totalBytes > 0) {
      const share = Math.min(bytes / totalBytes, 1);
      const filled = Math.round(share * BAR_WIDTH);
      bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  `;
    }
    const line = `${bar}${rows.toLocaleString('en-US')} rows  ${megabytes(bytes)}  ${rate}`;
    // A pty without a size reports 0 columns; then the line is not cut.
    const width = this.stream.columns || Number.POSITIVE_INFINITY;
    this.stream.write(`\r${line.slice(0, width - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(rows: number): void {
    process.removeListener('SIGINT', this.interrupted);
    this.draw(rows, performance.now());
    this.clear();
  }

  private clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}
