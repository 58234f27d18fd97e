import { describe, expect, it } from 'vitest';
import { diffSystems } from '@/lib/diff/compute.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { fixtureText, shuffleKeys } from '../schema/real-fixtures.ts';
import { brief, edit, mappings, move, parse, proxy, real } from './helpers.ts';

const SRC = 'BTPCFimportsource.json'; // XSUAA source: group only, Password credential
const TGT = 'S4Aimporttarget.json'; // LID target: 33 user, 11 group mappings, repeated keys in group
const GIVEN = '$.name.givenName|#0';
const MIDDLE = '$.name.middleName';
const MEMBERS = '$.members[?(@.value)]';
const ENTERPRISE = "$['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']";
const NICK = { sourcePath: '$.nickName', optional: true, targetPath: '$.nickName' };

interface Case {
  name: string;
  left: SystemFile;
  right: SystemFile;
  showVolatile?: boolean;
  expected: string[];
}

const withPathless = (second: Record<string, unknown>) => (s: SystemFile) =>
  mappings(s, 'group').push({ correlationAttribute: true }, second);

const withDuplicate = (s: SystemFile) => mappings(s).splice(8, 0, structuredClone(mappings(s)[7]!));

const cases: Case[] = [
  {
    name: 'changed property',
    left: real(SRC),
    right: edit(SRC, (s) => (s.properties!.URL = 'https://api.authentication.us10.hana.ondemand.com')),
    expected: ['property changed URL'],
  },
  {
    name: 'added and removed property',
    left: real(SRC),
    right: edit(SRC, (s) => {
      delete s.properties!['ips.application.id'];
      s.properties!['ips.http.header.X-Note'] = 'Grüße';
    }),
    expected: ['property removed ips.application.id', 'property added ips.http.header.X-Note'],
  },
  {
    name: 'credential added (a carried value is ignored)',
    left: real(SRC),
    right: edit(SRC, (s) => (s.encryptedProperties!['ldap.password'] = 'S3cr3t-Value!')),
    expected: ['credential added ldap.password'],
  },
  { name: 'credential removed', left: real(SRC), right: edit(SRC, (s) => (s.encryptedProperties = {})), expected: ['credential removed Password'] },
  {
    name: 'changed mapping',
    left: real(TGT),
    right: edit(TGT, (s) => (mappings(s)[6]!.optional = false)),
    expected: [`user mapping changed ${GIVEN} 6→6 [optional]`],
  },
  {
    name: 'moved mapping: only that one is moved',
    left: real(TGT),
    right: edit(TGT, (s) => move(mappings(s), 6, 20)),
    expected: [`user mapping moved ${GIVEN} 6→20`],
  },
  {
    name: 'mapping moved to the front',
    left: real(TGT),
    right: edit(TGT, (s) => move(mappings(s), 25, 0)),
    expected: [`user mapping moved ${ENTERPRISE}['manager']['displayName']|#0 25→0`],
  },
  {
    name: 'changed and moved mapping',
    left: real(TGT),
    right: edit(TGT, (s) => {
      mappings(s)[6]!.optional = false;
      move(mappings(s), 6, 20);
    }),
    expected: [`user mapping changed+moved ${GIVEN} 6→20 [optional]`],
  },
  {
    name: 'added mapping: later mappings are not moved',
    left: real(TGT),
    right: edit(TGT, (s) => mappings(s).splice(4, 0, NICK)),
    expected: ['user mapping added $.nickName|#0 -→4'],
  },
  {
    name: 'removed mapping',
    left: real(TGT),
    right: edit(TGT, (s) => mappings(s).splice(9, 1)),
    expected: ['user mapping removed $.name.honorificPrefix|#0 9→-'],
  },
  {
    name: 'the 2nd of two mappings with the same key changed',
    left: real(TGT),
    right: edit(TGT, (s) => (mappings(s, 'group')[4]!.optional = false)),
    expected: [`group mapping changed ${MEMBERS}|#1 4→4 [optional]`],
  },
  {
    name: 'the 2nd of two identical mappings changed',
    left: edit(TGT, withDuplicate),
    right: edit(TGT, (s) => {
      withDuplicate(s);
      mappings(s)[8]!.optional = false;
    }),
    expected: [`user mapping changed ${MIDDLE}|#1 8→8 [optional]`],
  },
  {
    name: 'mappings without any path match by occurrence',
    left: edit(SRC, withPathless({ correlationAttribute: true, optional: true })),
    right: edit(SRC, withPathless({ correlationAttribute: true, optional: false })),
    expected: ['group mapping changed ∅|#1 9→9 [optional]'],
  },
  {
    name: 'function parameters changed',
    left: real(TGT),
    right: edit(TGT, (s) => (mappings(s)[10]!.functions![0]!.defaultValue = 'home')),
    expected: ['user mapping changed $.addresses|#0 10→10 [functions]'],
  },
  {
    name: 'function keys reordered only',
    left: real(TGT),
    right: edit(TGT, (s) => (mappings(s)[10]!.functions = mappings(s)[10]!.functions!.map((f) => shuffleKeys(f) as Record<string, unknown>))),
    expected: [],
  },
  {
    name: 'condition changed',
    left: real(SRC),
    right: edit(SRC, (s) => (s.transformation!.group!.condition = '$.displayName =~ /HR_ADMIN_.*/')),
    expected: ['group changed condition'],
  },
  {
    name: 'skipOperations added',
    left: real(TGT),
    right: edit(TGT, (s) => (s.transformation!.group!.skipOperations = ['delete'])),
    expected: ['group added skipOperations'],
  },
  {
    name: 'entity added',
    left: real(SRC),
    right: edit(SRC, (s) => {
      s.transformation!.user = { mappings: [{ sourcePath: '$.id', targetVariable: 'entityIdSourceSystem' }, NICK] };
    }),
    expected: ['user entity added', 'user mapping added entityIdSourceSystem|#0 -→0', 'user mapping added $.nickName|#0 -→1'],
  },
  {
    name: 'entity removed',
    left: edit(SRC, (s) => (s.transformation!.user = { ignore: true, mappings: [NICK] })),
    right: real(SRC),
    expected: ['user entity removed', 'user removed ignore', 'user mapping removed $.nickName|#0 0→-'],
  },
  {
    name: 'proxy read and write transformations',
    left: proxy(),
    right: (() => {
      const p = proxy();
      mappings(p, 'user', 'writeTransformation')[6]!.optional = false;
      p.readTransformation!.group!.condition = "$.displayName =~ /^[A-Z].*/";
      return p;
    })(),
    expected: ['readTransformation.group added condition', `writeTransformation.user mapping changed ${GIVEN} 6→6 [optional]`],
  },
  { name: 'renamed system', left: real(TGT), right: edit(TGT, (s) => (s.name = 'S4A import target (new)')), expected: ['meta changed name'] },
  { name: 'key order only (recursive shuffle)', left: real(TGT), right: shuffleKeys(real(TGT)) as SystemFile, expected: [] },
  { name: 'minified vs pretty', left: real(TGT), right: parse(JSON.stringify(JSON.parse(fixtureText(TGT)))), expected: [] },
  {
    name: 'volatile fields only: hidden',
    left: real(TGT),
    right: edit(TGT, (s) => Object.assign(s, { id: 'other', tenantId: 'other-tenant', transformationChanged: true })),
    expected: [],
  },
  {
    name: 'volatile fields only: shown',
    left: real(TGT),
    right: edit(TGT, (s) => Object.assign(s, { id: 'other', tenantId: 'other-tenant', transformationChanged: true })),
    showVolatile: true,
    expected: ['volatile changed id', 'volatile changed tenantId', 'volatile changed transformationChanged'],
  },
  { name: 'top-level null counts as absent', left: real(TGT), right: edit(TGT, (s) => (s.alias = null)), expected: [] },
  {
    name: 'metadata and unknown key',
    left: real(TGT),
    right: edit(TGT, (s) => Object.assign(s, { state: 'DISABLED', relatedSystems: ['S4A', 'S4B'], newConsoleFlag: true })),
    expected: ['meta changed relatedSystems', 'meta changed state', 'unknown added newConsoleFlag'],
  },
];

describe('diffSystems on real exports with edits', () => {
  it.each(cases)('$name', ({ left, right, showVolatile, expected }) => {
    const diff = diffSystems(left, right, { showVolatile });
    expect(brief(diff)).toEqual(expected);
    expect(diff.status).toBe(expected.length ? 'changed' : 'unchanged');
    // An entity's own added/removed line is a heading: its keys and mappings are what count.
    expect(diff.totals.total).toBe(expected.filter((line) => !/ entity (added|removed)$/.test(line)).length);
  });

  it('the shuffle case really reorders keys (else it could not fail)', () => {
    expect(JSON.stringify(shuffleKeys(real(TGT)))).not.toBe(JSON.stringify(real(TGT)));
  });

  it('counts totals per section', () => {
    const right = edit(TGT, (s) => {
      s.name = 'renamed';
      s.properties!['ips.trace.failed.entity.content'] = 'true';
      s.properties!['ips.failed.request.retry.attempts'] = '3';
      s.encryptedProperties = { Password: null };
      mappings(s).splice(2, 1);
      mappings(s, 'group').push(NICK);
      s.transformation!.user!.condition = 'true';
      s.extra = 1;
    });
    expect(diffSystems(real(TGT), right).totals).toEqual({
      metadata: 1,
      properties: 2,
      credentials: 1,
      mappings: 2,
      other: 2,
      total: 8,
    });
  });

  it('reports an added or removed system with its whole content', () => {
    const added = diffSystems(null, real(SRC));
    expect([added.status, added.kind, added.name]).toEqual(['added', 'source', { left: null, right: 'BTP CF import source' }]);
    expect(added.properties.every((p) => p.change === 'added')).toBe(true);
    expect(added.transformations[0]!.mappings).toHaveLength(8);
    expect(diffSystems(real(TGT), null)).toMatchObject({ status: 'removed', kind: 'target' });
    expect(() => diffSystems(null, null)).toThrow(/both sides/);
  });
});
