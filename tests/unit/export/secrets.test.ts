import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '@/lib/export/secrets';
import type { SystemFile } from '@/lib/model/system';

const base = (extra: Partial<SystemFile>): SystemFile => ({ connectorTypeString: 'XSUAA', accessMode: 'READ', name: 'S', ...extra });

describe('scrubSecrets', () => {
  it('keeps a clean record as the same object', () => {
    const r = base({ properties: { URL: 'https://x' }, encryptedProperties: { Password: null } });
    expect(scrubSecrets(r)).toEqual({ record: r, dropped: [] });
    expect(scrubSecrets(r).record).toBe(r);
  });

  it('nulls leaked credential values and keeps key order', () => {
    const r = base({ properties: { URL: 'u' }, encryptedProperties: { Password: 'hunter2', 'ssh.private.key': null }, fromImport: false });
    const { record, dropped } = scrubSecrets(r);
    expect(dropped).toEqual(['Password']);
    expect(record.encryptedProperties).toEqual({ Password: null, 'ssh.private.key': null });
    expect(Object.keys(record)).toEqual(Object.keys(r));
    expect(JSON.stringify(record)).not.toContain('hunter2');
    expect(r.encryptedProperties!.Password).toBe('hunter2'); // input untouched
  });

  it('moves a documented credential found under properties to encryptedProperties', () => {
    const { record, dropped } = scrubSecrets(base({ properties: { URL: 'u', 'ldap.password': 'pw' } }));
    expect(dropped).toEqual(['ldap.password']);
    expect(record.properties).toEqual({ URL: 'u' });
    expect(record.encryptedProperties).toEqual({ 'ldap.password': null });
  });

  it('leaves an empty documented credential name under properties alone', () => {
    const r = base({ properties: { Password: '' } });
    expect(scrubSecrets(r).dropped).toEqual([]);
  });

  it('keeps a "__proto__" key from JSON as a plain key', () => {
    const r = JSON.parse('{"connectorTypeString":"X","accessMode":"READ","name":"n","__proto__":{"a":1},"encryptedProperties":{"Password":"x"}}');
    const { record } = scrubSecrets(r);
    expect(Object.keys(record)).toContain('__proto__');
    expect(JSON.stringify(record)).toContain('"__proto__":{"a":1}');
  });
});
