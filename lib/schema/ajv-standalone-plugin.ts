/**
 * Vite plugin serving `virtual:ajv-validators`: ajv standalone validators generated at build time.
 * Why: the MV3 CSP forbids `new Function`, so `ajv.compile()` fails in the service worker and content
 * script (toolchain.md §4). ajv's standalone output still `require()`s runtime helpers (ucs2length,
 * equal, ...), so esbuild bundles it into one self-contained ESM module. Used by wxt.config.ts and
 * vitest.config.ts; runs in Node only and never ends up in the extension bundle.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import * as esbuild from 'esbuild';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:ajv-validators';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const HERE = dirname(fileURLToPath(import.meta.url));
/** Export name in the virtual module → schema file next to this plugin. */
const SCHEMA_FILES = {
  systemFile: join(HERE, 'system-file.schema.json'),
  bundleManifest: join(HERE, 'bundle-manifest.schema.json'),
  storeBackup: join(HERE, 'store-backup.schema.json'),
};

// Read on every build (not imported) so an edited schema is picked up without reloading the config.
function loadSchemas(): { schemas: Array<{ $id: string }>; exports: Record<string, string> } {
  const entries = Object.entries(SCHEMA_FILES).map(
    ([name, file]) => [name, JSON.parse(readFileSync(file, 'utf8')) as { $id: string }] as const,
  );
  return {
    schemas: entries.map(([, schema]) => schema),
    exports: Object.fromEntries(entries.map(([name, schema]) => [name, schema.$id])),
  };
}

/** Exported for tests and tooling; the plugin is the normal consumer. */
export async function buildValidatorsModule(): Promise<string> {
  const { schemas, exports } = loadSchemas();
  const ajv = new Ajv({
    schemas,
    // Report every problem of a file at once, so a user fixes them in one pass.
    allErrors: true,
    discriminator: true,
    // Fail the build on any schema mistake instead of logging it; union types are intended.
    strict: true,
    allowUnionTypes: true,
    code: { source: true, esm: true },
  });
  const source = standaloneCode(ajv, exports);
  const out = await esbuild.build({
    stdin: { contents: source, resolveDir: HERE, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export function ajvStandalone(): Plugin {
  let code: Promise<string> | undefined;
  return {
    name: 'ips-ajv-standalone',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      for (const file of Object.values(SCHEMA_FILES)) this.addWatchFile(file);
      code ??= buildValidatorsModule();
      return code;
    },
    watchChange(id) {
      if (Object.values(SCHEMA_FILES).includes(id)) code = undefined;
    },
  };
}
