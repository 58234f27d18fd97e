/**
 * The proxy system CSV export for SAP Identity Management (ips-domain.md §5): a header line where every
 * name is followed by a comma, `\n`, and a data line with non-empty values as `"value",` and empty ones as
 * a bare `,` (no quote escaping, as the console's exporter does).
 */
const COLUMNS = [
  'Name', 'Description', 'Type', 'Disabled', 'TypeQN', 'AUTH_PASSWORD', 'AUTH_TYPE', 'AUTH_USER',
  'CONNECT_TIMEOUT', 'CONNECTION_KEEPALIVE', 'MX_PRIV_GROUPING_ATTRIBUTE', 'OAUTH_URL', 'PROXY_HOST',
  'PROXY_PASSWORD', 'PROXY_PORT', 'PROXY_USER', 'READ_TIMEOUT', 'SCIM_ASSIGNMENT_METHOD', 'SCIM_HOST',
  'SCIM_PATH', 'SCIM_PORT', 'SCIM_PROTOCOL', 'SYSTEM_PRIVILEGE', 'TRUSTSTORE', 'TRUSTSTORE_PASSWORD',
] as const;

export interface ProxyForCsv {
  id: string;
  name: string;
  alias?: string;
}

/** The proxy's SCIM endpoint on SAP Cloud Identity infrastructure (ips-domain.md §7.2). */
export const scimUrl = (host: string, systemId: string) =>
  `https://${host}/ipsproxy/service/api/v1/scim/${systemId}`;

/** `host` is the tenant host as the browser sees it (`host[:port]`). */
export function proxyCsv(system: ProxyForCsv, host: string): string {
  const url = new URL(scimUrl(host, system.id));
  const values: Partial<Record<(typeof COLUMNS)[number], string>> = {
    Name: system.name,
    Description: system.alias ?? '',
    Disabled: '0',
    TypeQN: 'com.sap.idm.connector.scim:reptype.SCIM',
    AUTH_TYPE: 'basic',
    CONNECT_TIMEOUT: '60000',
    CONNECTION_KEEPALIVE: '60000',
    READ_TIMEOUT: '60000',
    SCIM_ASSIGNMENT_METHOD: 'PATCH',
    SCIM_HOST: url.hostname,
    SCIM_PATH: url.pathname,
    SCIM_PORT: url.port || '443',
    SCIM_PROTOCOL: 'http',
    SYSTEM_PRIVILEGE: `PRIV:SYSTEM:${system.name}`,
  };
  const header = COLUMNS.map((c) => `${c},`).join('');
  const data = COLUMNS.map((c) => (values[c] ? `"${values[c]}",` : ',')).join('');
  return `${header}\n${data}`;
}
