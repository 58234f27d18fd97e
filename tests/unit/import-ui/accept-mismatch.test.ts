import { describe, expect, it } from 'vitest';
import { acceptMismatch } from '@/components/import/PlanTable';

describe('accepting a bundle file that differs from its manifest', () => {
  it.each([
    ['skipped, matched: one tick picks update', { action: 'skip', available: ['update', 'copy', 'skip'] }, true, { acceptIntegrityMismatch: true, action: 'update' }],
    ['skipped, new: one tick picks create', { action: 'skip', available: ['create', 'skip'] }, true, { acceptIntegrityMismatch: true, action: 'create' }],
    ['already updating: only the flag', { action: 'update', available: ['update', 'skip'] }, true, { acceptIntegrityMismatch: true }],
    ['unticking keeps the action', { action: 'update', available: ['update', 'skip'] }, false, { acceptIntegrityMismatch: false }],
  ] as const)('%s', (_name, item, accept, expected) => {
    expect(acceptMismatch({ action: item.action, available: [...item.available] }, accept)).toEqual(expected);
  });
});
