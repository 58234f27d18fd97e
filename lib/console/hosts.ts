/**
 * Where the console lives. Production patterns are documented (ips-domain.md §6.1); the test build adds
 * the loopback simulator (console-contract.md §1). The legacy Neo UI (`ips-<sub>.dispatcher.<region>.hana.ondemand.com`)
 * cannot be matched without matching every BTP app, so it is added as a custom domain instead.
 */
export const CONSOLE_MATCHES = [
  'https://*.accounts.ondemand.com/*',
  'https://*.accounts.cloud.sap/*',
  'https://*.accounts.sapcloud.cn/*',
];

export const TEST_BUILD_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];
