/**
 * The client's own request budget (console-contract.md §3): a token bucket of `perMinute` requests
 * with a burst of `inFlight`, at most `inFlight` requests at once, and a shared pause after the console
 * says "slow down" (429), so the extension never competes with live provisioning for the tenant's limit.
 */
export interface BudgetOptions {
  perMinute: number;
  inFlight: number;
}

export const DEFAULT_BUDGET: BudgetOptions = { perMinute: 120, inFlight: 4 };

export type Clock = { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> };

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export class RequestBudget {
  private tokens: number;
  private refilledAt: number;
  private active = 0;
  private pausedUntil = 0;
  private released: Array<() => void> = [];
  /** Requests per minute now: halved on every 429, regained slowly on success (AIMD). */
  private rate: number;

  constructor(
    readonly options: BudgetOptions = DEFAULT_BUDGET,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = options.inFlight;
    this.refilledAt = clock.now();
    this.rate = options.perMinute;
  }

  /** Waits for a slot and a token; returns the function that frees the slot. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.active >= this.options.inFlight) {
        await this.nextRelease(signal);
        continue;
      }
      const now = this.clock.now();
      if (this.pausedUntil > now) {
        await this.clock.sleep(this.pausedUntil - now, signal);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        this.active += 1;
        return this.releaser();
      }
      await this.clock.sleep(((1 - this.tokens) * 60_000) / this.rate, signal);
    }
  }

  /** Holds every new request until `ms` from now (a 429 applies to the whole tenant, not one request). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** The console said "too many": halve our rate so the next minute stays under its limit. */
  slowDown(): void {
    this.rate = Math.max(this.options.perMinute / 32, this.rate / 2);
    this.tokens = Math.min(this.tokens, 1);
  }

  /** A request succeeded: win back a little of the configured rate. */
  recover(): void {
    this.rate = Math.min(this.options.perMinute, this.rate + this.options.perMinute / 40);
  }

  get currentPerMinute(): number {
    return this.rate;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.options.inFlight, this.tokens + ((now - this.refilledAt) * this.rate) / 60_000);
    this.refilledAt = now;
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active -= 1;
      this.released.splice(0).forEach((wake) => wake());
    };
  }

  private nextRelease(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.released.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}
