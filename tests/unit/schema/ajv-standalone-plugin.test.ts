import { describe, expect, it } from 'vitest';
import { ajvStandalone, buildValidatorsModule } from '@/lib/schema/ajv-standalone-plugin.ts';

describe('ajv standalone plugin', () => {
  it('serves one self-contained ESM module without runtime code generation (MV3 CSP)', async () => {
    const code = await buildValidatorsModule();
    expect(code).toMatch(/export\s*\{[^}]*\bbundleManifest\b[^}]*\bsystemFile\b/);
    expect(code).not.toMatch(/new Function|\beval\(/);
    // ajv leaves `require("ajv/dist/runtime/…")` only inside `.code = '…'` strings once esbuild inlined it.
    const calls = [...code.matchAll(/(.)require\(/g)].map((m) => m[1]);
    expect(calls.every((before) => before === "'" || before === '_')).toBe(true);
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it('resolves only virtual:ajv-validators', () => {
    const plugin = ajvStandalone() as unknown as { resolveId: (id: string) => string | undefined };
    expect(plugin.resolveId('virtual:ajv-validators')).toBe('\0virtual:ajv-validators');
    expect(plugin.resolveId('ajv')).toBeUndefined();
  });
});
