/**
 * Checkers for incoming message payloads: the background trusts a content script (which runs next to
 * the console's page) less than itself. Each area makes its own set with its own error type.
 */
export interface Checkers {
  obj(v: unknown, what: string): Record<string, unknown>;
  str(v: unknown, what: string, max?: number): string;
  int(v: unknown, what: string, min?: number, max?: number): number;
  bool(v: unknown, what: string): boolean;
  arr(v: unknown, what: string, max?: number): unknown[];
  oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string): T;
  /** A web origin (`https://host[:port]`), exactly as `URL.origin` writes it. */
  origin(v: unknown, what?: string): string;
  bad(what: string, rule: string): Error;
}

export function checkers(makeError: (message: string) => Error, maxItems = 2000): Checkers {
  const bad = (what: string, rule: string) => makeError(`Invalid request: ${what} ${rule}.`);
  const c: Checkers = {
    bad,
    obj(v, what) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(what, 'must be an object');
      return v as Record<string, unknown>;
    },
    str(v, what, max = 10_000) {
      if (typeof v !== 'string' || v.length > max) throw bad(what, `must be a string of at most ${max} characters`);
      return v;
    },
    int(v, what, min = 0, max = Number.MAX_SAFE_INTEGER) {
      if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) throw bad(what, `must be a whole number from ${min} to ${max}`);
      return v as number;
    },
    bool(v, what) {
      if (typeof v !== 'boolean') throw bad(what, 'must be true or false');
      return v;
    },
    arr(v, what, max = maxItems) {
      if (!Array.isArray(v) || v.length > max) throw bad(what, `must be a list of at most ${max} items`);
      return v;
    },
    oneOf(v, allowed, what) {
      if (!allowed.includes(v as never)) throw bad(what, `must be one of ${allowed.join(', ')}`);
      return v as never;
    },
    origin(v, what = 'origin') {
      const s = c.str(v, what, 500);
      let url: URL | null = null;
      try {
        url = new URL(s);
      } catch {
        // reported below
      }
      if (!url || !/^https?:$/.test(url.protocol) || url.origin !== s) throw bad(what, 'must be a web origin such as https://tenant.accounts.ondemand.com');
      return s;
    },
  };
  return c;
}
