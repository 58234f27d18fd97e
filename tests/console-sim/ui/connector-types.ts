/**
 * `connectorTypeString` → the "Type" the console shows (ips-domain.md §4.3). Only these six are known;
 * any other key is shown as it is.
 */
export const CONNECTOR_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  SAP_CLOUD_IDENTITY: 'Identity Authentication',
  SCP_ABAP_ENVIRONMENT: 'SAP BTP ABAP environment',
  LOCAL_IDENTITY_DIRECTORY_CC: 'Local Identity Directory',
  AS_ABAP: 'SAP Application Server ABAP',
  XSUAA: 'SAP BTP XS Advanced UAA (Cloud Foundry)',
  AZURE_AD: 'Microsoft Entra ID ®',
};

export function connectorDisplayName(key: string): string {
  return CONNECTOR_DISPLAY_NAMES[key] ?? key;
}
