import { describe, expect, it } from 'vitest';
import { bundleFileName, safeFileStem, UniqueNames } from '@/lib/bundle/names';

describe('bundle names', () => {
  it.each([
    ['BTP CF import source', 'BTP CF import source'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j'],
    ['trailing dots...', 'trailing dots'],
    ['   ', 'system'],
    ['CON', '_CON'],
    ['x'.repeat(300), 'x'.repeat(120)],
  ])('safeFileStem(%j)', (input, expected) => expect(safeFileStem(input)).toBe(expected));

  it('hands out unique names case-insensitively', () => {
    const u = new UniqueNames();
    expect([u.take('A', '.json'), u.take('a', '.json'), u.take('A', '.json'), u.take('A', '.csv')]).toEqual(['A.json', 'a (2).json', 'A (3).json', 'A.csv']);
  });

  it('names the bundle after the tenant without a colon', () => {
    expect(bundleFileName('http://127.0.0.1:5173', new Date(2026, 11, 3, 9, 5, 7))).toBe('127.0.0.1_5173_2026-12-03_090507.zip');
    expect(bundleFileName('https://t1.accounts.ondemand.com', new Date(2026, 0, 1, 0, 0, 0))).toBe('t1.accounts.ondemand.com_2026-01-01_000000.zip');
  });
});
