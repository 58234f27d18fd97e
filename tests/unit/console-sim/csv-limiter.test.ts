// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { proxyCsv } from '../../console-sim/csv.ts';
import { TokenBucket, retryAfterSeconds } from '../../console-sim/limiter.ts';

describe('proxyCsv', () => {
  it('writes the SAP Identity Management header and data line', () => {
    const csv = proxyCsv({ id: 'abc', name: 'My Proxy', alias: '' }, 'tenant.accounts.ondemand.com');
    expect(csv).toBe(
      'Name,Description,Type,Disabled,TypeQN,AUTH_PASSWORD,AUTH_TYPE,AUTH_USER,CONNECT_TIMEOUT,CONNECTION_KEEPALIVE,' +
        'MX_PRIV_GROUPING_ATTRIBUTE,OAUTH_URL,PROXY_HOST,PROXY_PASSWORD,PROXY_PORT,PROXY_USER,READ_TIMEOUT,' +
        'SCIM_ASSIGNMENT_METHOD,SCIM_HOST,SCIM_PATH,SCIM_PORT,SCIM_PROTOCOL,SYSTEM_PRIVILEGE,TRUSTSTORE,TRUSTSTORE_PASSWORD,\n' +
        '"My Proxy",,,"0","com.sap.idm.connector.scim:reptype.SCIM",,"basic",,"60000","60000",,,,,,,"60000",' +
        '"PATCH","tenant.accounts.ondemand.com","/ipsproxy/service/api/v1/scim/abc","443","http","PRIV:SYSTEM:My Proxy",,,',
    );
  });

  it('takes the description from the alias and the port from the host', () => {
    const [, data] = proxyCsv({ id: 'x', name: 'P', alias: 'Zürich' }, '127.0.0.1:5173').split('\n');
    expect(data.startsWith('"P","Zürich",,"0"')).toBe(true);
    expect(data).toContain('"127.0.0.1","/ipsproxy/service/api/v1/scim/x","5173"');
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then refuses until a token is refilled', () => {
    let now = 0;
    const bucket = new TokenBucket(60, 2, () => now);
    expect([bucket.take().ok, bucket.take().ok]).toEqual([true, true]);
    const refused = bucket.take();
    expect(refused).toEqual({ ok: false, retryAfterMs: 1000 });
    now = 500;
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 500 });
    now = 1000;
    expect(bucket.take().ok).toBe(true);
  });

  it('never refills beyond the burst and has no limit at rate 0', () => {
    let now = 0;
    const bucket = new TokenBucket(600, 1, () => now);
    now = 60_000;
    expect([bucket.take().ok, bucket.take().ok]).toEqual([true, false]);
    const open = new TokenBucket(0, 0);
    expect(Array.from({ length: 5 }, () => open.take().ok)).toEqual([true, true, true, true, true]);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect([retryAfterSeconds(1), retryAfterSeconds(1000), retryAfterSeconds(1001), retryAfterSeconds(0)]).toEqual([1, 1, 2, 1]);
  });
});
