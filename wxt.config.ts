import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { ajvStandalone } from './lib/schema/ajv-standalone-plugin.ts';
import { TEST_BUILD_MATCHES } from './lib/console/hosts.ts';

// The test build (`wxt build --mode test`) lands in .output/chrome-mv3-test and additionally
// matches the loopback console simulator; the production build never contains loopback hosts.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'IPS Snapshots',
    description:
      'Bulk export, versioned snapshots and import with diff for SAP Cloud Identity Services – Identity Provisioning.',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
  },
  vite: () => ({ plugins: [preact(), ajvStandalone()], build: { sourcemap: process.env.IPX_SOURCEMAP === '1' } }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'test') return;
      for (const cs of manifest.content_scripts ?? []) {
        cs.matches = [...(cs.matches ?? []), ...TEST_BUILD_MATCHES];
      }
    },
  },
});
