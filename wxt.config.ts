import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { ajvStandalone } from './lib/schema/ajv-standalone-plugin.ts';
import { CONSOLE_MATCHES, TEST_BUILD_MATCHES } from './lib/console/hosts.ts';

// The test build (`wxt build --mode test`) lands in .output/chrome-mv3-test and additionally
// matches the loopback console simulator; the production build never contains loopback hosts.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'IPS Snapshots',
    description:
      'Bulk export, versioned snapshots and import with diff for SAP Cloud Identity Services – Identity Provisioning.',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    // The same hosts as the content script (so no new install warning): lets the background see which
    // tabs show a console (tabs.query by URL) for scheduled snapshots, without the "tabs" permission.
    host_permissions: CONSOLE_MATCHES,
  },
  vite: () => ({ plugins: [preact(), ajvStandalone()], build: { sourcemap: process.env.IPX_SOURCEMAP === '1' } }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'test') return;
      for (const cs of manifest.content_scripts ?? []) {
        cs.matches = [...(cs.matches ?? []), ...TEST_BUILD_MATCHES];
      }
      manifest.host_permissions = [...(manifest.host_permissions ?? []), ...TEST_BUILD_MATCHES];
    },
  },
});
