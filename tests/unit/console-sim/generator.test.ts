// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { generateSystems, mulberry32, uuidV4 } from '../../console-sim/generator.ts';
import { loadRealSeed } from '../../console-sim/seed.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NAME = /^[A-Za-z0-9 ._-]{1,100}$/;
const seed = loadRealSeed().map((e) => e.system);
const generated = generateSystems(600, 42, seed);
const systems = generated.map((g) => g.system);
const lines = (v: unknown) => JSON.stringify(v, null, 4).split('\n').length;
const customer = (s: Record<string, unknown>) => s.systemManagementType !== 'SAP_INITIATED';

describe('generateSystems', () => {
  it('is deterministic for the same seed and differs for another', () => {
    expect(generateSystems(50, 42, seed)).toEqual(generated.slice(0, 50));
    expect(generateSystems(50, 43, seed)).not.toEqual(generated.slice(0, 50));
  });

  it('stays within 15 customer-managed sources and 45 targets, counting the existing ones', () => {
    const all = [...seed, ...systems];
    expect(all.filter((s) => s.accessMode === 'READ' && customer(s))).toHaveLength(15);
    expect(all.filter((s) => s.accessMode === 'WRITE' && customer(s))).toHaveLength(45);
    for (const mode of ['READ', 'WRITE', 'PROXY']) {
      expect(systems.some((s) => s.accessMode === mode && !customer(s))).toBe(true);
    }
    expect(systems.some((s) => s.state === 'DISABLED')).toBe(true);
  });

  it('gives unique v4 ids and unique allowed names per kind, unicode only in alias and property values', () => {
    expect(new Set(systems.map((s) => s.id)).size).toBe(systems.length);
    for (const s of systems) {
      expect(s.id).toMatch(UUID_V4);
      expect(s.name).toMatch(NAME);
    }
    const names = [...seed, ...systems].map((s) => `${String(s.accessMode)}:${String(s.name)}`);
    expect(new Set(names).size).toBe(names.length);
    expect(systems.some((s) => String(s.name).length > 90)).toBe(true);
    expect(systems.some((s) => /[^\x00-\x7f]/.test(String(s.alias)))).toBe(true);
    expect(systems.some((s) => Object.values(s.properties as object).some((v) => /[^\x00-\x7f]/.test(v)))).toBe(true);
    const elsewhere = systems.map(({ alias: _a, properties: _p, ...rest }) => JSON.stringify(rest));
    expect(elsewhere.filter((text) => /[^\x00-\x7f]/.test(text))).toEqual([]);
  });

  it('writes properties as strings and credentials only by name, with the value in secrets', () => {
    for (const { system, secrets } of generated) {
      expect(Object.values(system.properties as object).every((v) => typeof v === 'string')).toBe(true);
      const enc = system.encryptedProperties as Record<string, unknown>;
      expect(Object.values(enc).every((v) => v === null)).toBe(true);
      expect(Object.keys(secrets)).toEqual(Object.keys(enc));
    }
    expect(generated.some((g) => Object.keys(g.secrets).length > 0)).toBe(true);
  });

  it('makes transformations of 40 to 350 lines; proxies have read and write transformations', () => {
    for (const s of systems) {
      const keys = s.accessMode === 'PROXY' ? ['readTransformation', 'writeTransformation'] : ['transformation'];
      expect(Object.keys(s).filter((k) => /ransformation$/.test(k))).toEqual(keys);
      for (const k of keys) {
        expect(lines(s[k])).toBeGreaterThanOrEqual(40);
        expect(lines(s[k])).toBeLessThanOrEqual(350);
      }
    }
    const mappings = systems.flatMap((s) => Object.values(s.transformation ?? {}).flatMap((e: any) => e.mappings));
    for (const key of ['sourcePath', 'targetPath', 'optional', 'functions', 'constant', 'scope', 'condition']) {
      expect(mappings.some((m) => key in m)).toBe(true);
    }
  });

  it('repeats a targetPath in some entities', () => {
    const repeats = systems.flatMap((s) => Object.values(s.transformation ?? {})).some((e: any) => {
      const paths = e.mappings.map((m: any) => m.targetPath).filter(Boolean);
      return new Set(paths).size < paths.length;
    });
    expect(repeats).toBe(true);
  });

  it('links targets only to existing source names and keeps the real key order', () => {
    const sources = new Set([...seed, ...systems].filter((s) => s.accessMode === 'READ').map((s) => s.name));
    for (const s of systems.filter((x) => x.accessMode === 'WRITE')) {
      for (const n of s.relatedSystems as string[]) expect(sources.has(n)).toBe(true);
    }
    const real = Object.keys(seed.find((s) => s.name === 'BTP CF import target')!);
    const target = systems.find((s) => s.accessMode === 'WRITE' && !('alias' in s))!;
    expect(Object.keys(target)).toEqual(real);
  });
});

describe('uuidV4', () => {
  it('is a lower-case v4 UUID drawn from the PRNG', () => {
    expect(uuidV4(mulberry32(1))).toMatch(UUID_V4);
    expect(uuidV4(mulberry32(1))).toBe(uuidV4(mulberry32(1)));
  });
});
