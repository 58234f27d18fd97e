import { describe, expect, it } from 'vitest';
import { RequestBudget } from '@/lib/console/budget';
import { fakeClock } from './fake-clock.ts';

describe('RequestBudget', () => {
  it('lets a burst of inFlight through, then paces at perMinute', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 120, inFlight: 4 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const release = await budget.acquire();
      starts.push(clock.time);
      release();
    }
    expect(starts.slice(0, 4)).toEqual([0, 0, 0, 0]);
    // 120/min = one token every 500 ms after the burst
    for (let i = 4; i < 10; i++) expect(starts[i]! - starts[i - 1]!).toBeCloseTo(500, 5);
  });

  it('never has more than inFlight requests at once', async () => {
    const budget = new RequestBudget({ perMinute: 6000, inFlight: 2 }, fakeClock());
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const release = await budget.acquire();
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 1));
        active--;
        release();
      }),
    );
    expect(peak).toBe(2);
  });

  it('holds every request during a pause', async () => {
    const clock = fakeClock(1000);
    const budget = new RequestBudget({ perMinute: 6000, inFlight: 4 }, clock);
    budget.pause(5000);
    const release = await budget.acquire();
    expect(clock.time).toBeGreaterThanOrEqual(6000);
    release();
  });

  it('rejects when its signal aborts', async () => {
    const budget = new RequestBudget({ perMinute: 60, inFlight: 1 }, fakeClock());
    const release = await budget.acquire();
    const ctrl = new AbortController();
    const waiting = budget.acquire(ctrl.signal);
    ctrl.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
  });
});

describe('RequestBudget adapts to 429s', () => {
  it('halves its rate on slowDown and wins it back on recover, within bounds', () => {
    const budget = new RequestBudget({ perMinute: 320, inFlight: 4 }, fakeClock());
    budget.slowDown();
    expect(budget.currentPerMinute).toBe(160);
    for (let i = 0; i < 10; i++) budget.slowDown();
    expect(budget.currentPerMinute).toBe(10);
    for (let i = 0; i < 100; i++) budget.recover();
    expect(budget.currentPerMinute).toBe(320);
  });

  it('paces at the reduced rate after a slowDown', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 120, inFlight: 1 }, clock);
    (await budget.acquire())();
    budget.slowDown();
    const t0 = clock.time;
    (await budget.acquire())();
    expect(clock.time - t0).toBeCloseTo(1000, 5); // 60/min
  });
});
