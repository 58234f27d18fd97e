import { describe, expect, it } from 'vitest';
import { parsePage } from '@/lib/console/pages';

const ID = 'f2ec7440-5212-458d-b9ca-a4992e6c3e48';

describe('parsePage', () => {
  it.each([
    ['https://t.accounts.ondemand.com/ips/#/sourceSystems', { type: 'systems', kind: 'source', systemId: null, adding: false }],
    ['https://t.accounts.ondemand.com/ips/#/targetSystems', { type: 'systems', kind: 'target', systemId: null, adding: false }],
    ['https://t.accounts.cloud.sap/ips/#/proxySystems', { type: 'systems', kind: 'proxy', systemId: null, adding: false }],
    [`https://t.accounts.ondemand.com/ips/#/sourceSystems/${ID}`, { type: 'systems', kind: 'source', systemId: ID, adding: false }],
    [`https://t.accounts.ondemand.com/ips/#/targetSystems/${ID.toUpperCase()}`, { type: 'systems', kind: 'target', systemId: ID, adding: false }],
    ['https://t.accounts.ondemand.com/ips/#/sourceSystems/new', { type: 'systems', kind: 'source', systemId: null, adding: true }],
    ['http://127.0.0.1:5173/ips/?sap-language=de#/sourceSystems', { type: 'systems', kind: 'source', systemId: null, adding: false }],
    ['https://t.accounts.ondemand.com/ips/#/provisioningLogs', { type: 'other' }],
    ['https://t.accounts.ondemand.com/admin/#/sourceSystems', { type: 'other' }],
    ['https://t.accounts.ondemand.com/ipsx/#/sourceSystems', { type: 'other' }],
    ['https://t.accounts.ondemand.com/ips/', { type: 'other' }],
  ])('%s', (url, expected) => {
    expect(parsePage(new URL(url))).toEqual(expected);
  });
});
