/**
 * Fault injection for the test build (toolchain.md §10): a worker stopped mid-write or a full disk
 * cannot be provoked reliably in headless Chromium, so the test hook arms "abort the next write
 * transaction after k writes". Unarmed (always, in production) a counter only counts.
 */
let armed: number | null = null;

export function abortNextWriteAfter(k: number | null): void {
  armed = k;
}

export class WriteCounter {
  private done = 0;
  private readonly limit = armed;

  constructor(private readonly tx: { abort(): void }) {
    armed = null;
  }

  get writes(): number {
    return this.done;
  }

  /** Issues one write, unless the armed limit is reached: then the whole transaction is aborted. */
  async count<T>(write: () => Promise<T>): Promise<T> {
    if (this.limit !== null && this.done >= this.limit) {
      this.tx.abort();
      throw new DOMException(`The transaction was aborted by the test hook after ${this.done} writes.`, 'AbortError');
    }
    this.done++;
    return write();
  }
}
