/**
 * Token bucket: `burst` tokens, refilled at `perMinute` per minute; one request takes one token.
 * A rate of 0 or less means no limit.
 */
export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  take(): Take {
    if (this.perMinute <= 0) return { ok: true };
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * perMs);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: (1 - this.tokens) / perMs };
  }
}

/** `Retry-After` in whole seconds, never 0 (a client told "0" would retry at once). */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
