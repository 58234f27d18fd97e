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
    // scripting: registers the console content script on custom domains the admin adds (options page).
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'scripting'],
    // Custom console domains: asked for at runtime, one host at a time, from the options page.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
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
      // 127.0.0.2 stands for a custom domain: granted at install (headless Chromium can't click a
      // permission prompt) but not in the content script's matches, so the options page must add it.
      manifest.host_permissions = [...(manifest.host_permissions ?? []), ...TEST_BUILD_MATCHES, 'http://127.0.0.2/*'];
    },
  },
});
