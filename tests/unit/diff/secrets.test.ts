/** Credential values never reach a diff (console-contract.md §5), even when a record wrongly carries one. */
import { describe, expect, it } from 'vitest';
import { diffSystems } from '@/lib/diff/compute.ts';
import { diffSetsSync } from '@/lib/diff/sets.ts';
import { summarizeSystem } from '@/lib/diff/summarize.ts';
import { textDiff } from '@/lib/diff/text.ts';
import { edit } from './helpers.ts';

const SRC = 'BTPCFimportsource.json';
const SECRET = /Secret-\d/;
const left = edit(SRC, (s) => (s.encryptedProperties = { Password: 'Left-Secret-1', 'ssh.password': 'Left-Secret-2' }));
const right = edit(SRC, (s) => (s.encryptedProperties = { Password: 'Right-Secret-3', 'ldap.password': 'Right-Secret-4' }));

describe('credential values', () => {
  it('are in the test records (else the checks below could not fail)', () => {
    expect(JSON.stringify([left, right])).toMatch(SECRET);
  });

  it('are not in the structured diff; names are', () => {
    const diff = diffSystems(left, right, { showVolatile: true });
    expect(diff.credentials).toEqual({ added: ['ldap.password'], removed: ['ssh.password'] });
    expect(JSON.stringify(diff)).not.toMatch(SECRET);
    expect(JSON.stringify([diffSystems(null, right), diffSystems(left, null)])).not.toMatch(SECRET);
    expect(summarizeSystem(diff)).not.toMatch(SECRET);
  });

  it('are not in the text diff', () => {
    expect(JSON.stringify(textDiff(left, right, { showVolatile: true, context: 1000 }))).not.toMatch(SECRET);
    expect(JSON.stringify(textDiff(null, right))).not.toMatch(SECRET);
  });

  it('are not in a set diff', () => {
    const input = (record: typeof left) => ({ kind: 'source' as const, name: record.name, record });
    expect(JSON.stringify(diffSetsSync([input(left)], [input(right)]))).not.toMatch(SECRET);
    expect(JSON.stringify(diffSetsSync([], [input(right)]))).not.toMatch(SECRET);
  });
});
