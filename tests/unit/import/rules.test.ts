import { describe, expect, it } from 'vitest';
import { createBody, updateBody } from '@/lib/import/payload.ts';
import { credentialNames, isCustomerManaged, nameProblem, suggestCopyName, transformationChanged, urlChanged } from '@/lib/import/rules.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { shuffleKeys } from '../schema/real-fixtures.ts';
import { record } from './helpers.ts';

describe('nameProblem', () => {
  it.each([
    ['BTP CF import source', null],
    ['a-b_c.d 9', null],
    ['x'.repeat(100), null],
    ['', /empty/],
    ['x'.repeat(101), /101 characters; at most 100/],
    ['a/b', /"\/"/],
    ['Größe', /"ö"/],
    ['tab\there', /"\\t"/],
    ['Name (copy)', /"\(" "\)"/],
  ])('%j', (name, expected) => {
    const problem = nameProblem(name);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('suggestCopyName', () => {
  it.each([
    ['S4A', [], 'S4A copy'],
    ['S4A', ['S4A copy'], 'S4A copy 2'],
    ['S4A', ['s4a COPY', 'S4A copy 2'], 'S4A copy 3'],
    ['a/b (c)', [], 'a_b _c_ copy'],
    ['x'.repeat(100), [], `${'x'.repeat(95)} copy`],
    ['x'.repeat(100), [`${'x'.repeat(95)} copy`], `${'x'.repeat(93)} copy 2`],
    ['///', [], '___ copy'],
  ])('%j with %j taken', (name, taken, expected) => {
    const suggestion = suggestCopyName(name, taken);
    expect(suggestion).toBe(expected);
    expect(nameProblem(suggestion)).toBeNull();
  });
});

describe('record rules', () => {
  const target = record('BTPCFprovisioningtarget.json');
  const edit = (change: (r: Record<string, any>) => void) => record('BTPCFprovisioningtarget.json', change);

  it.each([
    [undefined, true],
    [null, true],
    ['CUSTOMER_MANAGED', true],
    ['SAP_INITIATED', false],
  ])('isCustomerManaged(%j) = %j', (type, expected) => expect(isCustomerManaged(type)).toBe(expected));

  it('lists credential names, never values', () => {
    expect(credentialNames(target)).toEqual(['Password']);
    expect(credentialNames(record('S4Aimportsource.json'))).toEqual([]);
    expect(credentialNames(record('ips_system_template_target.json'))).toEqual([]);
  });

  it.each([
    ['same', () => target, false],
    ['URL changed', () => edit((r) => (r.properties.URL = 'https://x')), true],
    ['URL removed', () => edit((r) => delete r.properties.URL), true],
    ['other property changed', () => edit((r) => (r.properties.Type = 'X')), false],
  ])('urlChanged: %s', (_label, incoming, expected) => expect(urlChanged(incoming(), target)).toBe(expected));

  it.each([
    ['same', () => target, false],
    ['keys reordered at every depth', () => edit((r) => (r.transformation = shuffleKeys(r.transformation))), false],
    ['mapping order changed', () => edit((r) => r.transformation.user.mappings.reverse()), true],
    ['transformation missing', () => edit((r) => delete r.transformation), true],
    ['readTransformation null vs absent', () => edit((r) => (r.readTransformation = null)), false],
    ['flag only', () => edit((r) => (r.transformationChanged = !r.transformationChanged)), false],
  ])('transformationChanged: %s', (_label, incoming, expected) => expect(transformationChanged(incoming(), target)).toBe(expected));
});

describe('payload', () => {
  const file = { id: 'old', connectorTypeString: 'X', accessMode: 'WRITE', name: 'N', tenantId: 't', relatedSystems: ['S'], encryptedProperties: { Password: 'oops' }, fromImport: false, transformationChanged: true, properties: { URL: 'u' } } as SystemFile;

  it('POST: drops server-assigned fields, keeps order, nulls credential values', () => {
    const body = createBody(file);
    expect(Object.keys(body)).toEqual(['connectorTypeString', 'accessMode', 'name', 'relatedSystems', 'encryptedProperties', 'properties']);
    expect(body.encryptedProperties).toEqual({ Password: null });
    expect(createBody(file, 'Copy').name).toBe('Copy');
    expect(file.encryptedProperties).toEqual({ Password: 'oops' });
  });

  it('PUT: the live id and server-owned fields in place, everything else from the file', () => {
    const body = updateBody(file, { id: 'live', tenantId: 'here', fromImport: true });
    expect(body).toEqual({ ...file, id: 'live', tenantId: 'here', fromImport: true, encryptedProperties: { Password: null } });
    expect(Object.keys(body)).toEqual(Object.keys(file));
    const { id: _id, ...withoutId } = file;
    expect(Object.keys(updateBody(withoutId as SystemFile, { id: 'live' }))[0]).toBe('id');
    expect(updateBody(file, { id: 'live' })).not.toHaveProperty('tenantId');
  });

  it('keeps a __proto__ key as data', () => {
    const parsed = JSON.parse('{"name":"N","accessMode":"READ","connectorTypeString":"X","__proto__":{"polluted":true}}') as SystemFile;
    expect(Object.hasOwn(createBody(parsed), '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
