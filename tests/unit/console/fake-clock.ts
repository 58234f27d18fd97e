import type { Clock } from '@/lib/console/budget';

/** A clock whose sleeps pass instantly and advance its time; records every sleep. */
export function fakeClock(start = 0): Clock & { time: number; sleeps: number[] } {
  const c = {
    time: start,
    sleeps: [] as number[],
    now: () => c.time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      c.sleeps.push(ms);
      c.time += Math.max(0, ms);
      await Promise.resolve();
    },
  };
  return c;
}
