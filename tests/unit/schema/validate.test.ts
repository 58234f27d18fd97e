import { describe, expect, it } from 'vitest';
import { formatIssues, parseSystemFile, type ValidationIssue } from '@/lib/schema/validate.ts';
import { fixtureText, FIXTURES, variants } from './real-fixtures.ts';

type Json = Record<string, any>;

const TARGET = JSON.parse(fixtureText('BTPCFprovisioningtarget.json')) as Json;
const TEMPLATE = JSON.parse(fixtureText('ips_system_template_source.json')) as Json;

function parse(value: unknown) {
  return parseSystemFile(JSON.stringify(value));
}

function issuesOf(value: unknown): ValidationIssue[] {
  const result = parse(value);
  expect(result.ok, 'expected the file to be rejected').toBe(false);
  return result.ok ? [] : result.issues;
}

/** A deep copy of a real export, changed by `edit`. */
function edited(edit: (r: Json) => void, base: Json = TARGET): Json {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

describe('parseSystemFile accepts every real shape', () => {
  it.each(FIXTURES.map((f) => [f.file, f.text]))('%s', (_file, text) => {
    const result = parseSystemFile(text);
    expect(result).toMatchObject({ ok: true, text, hadBom: false });
  });

  it.each(FIXTURES.flatMap((f) => variants(f.text).map((v) => [f.file, v.name, v.input] as const)))(
    '%s as %s',
    (_file, _name, input) => {
      expect(parseSystemFile(input).ok).toBe(true);
    },
  );

  it('reports a BOM and strips it from text', () => {
    const text = fixtureText('S4Aimportsource.json');
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(parseSystemFile(bytes)).toMatchObject({ ok: true, hadBom: true, text });
    expect(parseSystemFile('\uFEFF' + text)).toMatchObject({ ok: true, hadBom: true, text });
  });

  const accepted: Array<[string, Json]> = [
    ['old template property value "User": []', edited((r) => (r.properties.User = []), TEMPLATE)],
    ['property value as array of strings', edited((r) => (r.properties.User = ['a', 'b']))],
    ['unknown top-level keys from a newer console', edited((r) => Object.assign(r, { newFlag: true, extra: { a: [1] } }))],
    ['unknown transformation and entity keys', edited((r) => Object.assign(r.transformation, { version: 2, privilege: 'x' }))],
    ['unknown mapping key', edited((r) => (r.transformation.user.mappings[0].futureKey = { any: 1 }))],
    ['an entity with ignore only', edited((r) => (r.transformation.role = { ignore: true }))],
    ['constant/defaultValue of any JSON type', edited((r) => Object.assign(r.transformation.user.mappings[0], { constant: [1, { a: null }], defaultValue: 0 }))],
    ['a leaked secret string in encryptedProperties', edited((r) => (r.encryptedProperties.Password = 'hunter2'))],
    ['empty properties and encryptedProperties', edited((r) => Object.assign(r, { properties: {}, encryptedProperties: {} }))],
    ['proxy with read/write transformations', edited((r) => {
      r.accessMode = 'PROXY';
      r.readTransformation = r.transformation;
      r.writeTransformation = { user: { scimEntityEndpoint: 'Users', mappings: [] } };
      delete r.transformation;
    })],
    ['a number or boolean property value (hand-edited file)', edited((r) => Object.assign(r.properties, { 'ips.failed.request.retry.attempts': 2, 'ips.trace.failed.entity.content': false }))],
    ['null optional fields (a console that serialises Java nulls)', edited((r) => Object.assign(r, { alias: null, destinationName: null, transformation: null, relatedSystems: null, gitFetchAllowed: null }))],
    ['only the required keys', { connectorTypeString: 'SAP_CLOUD_IDENTITY', accessMode: 'READ', name: 'x' }],
  ];
  it.each(accepted)('%s', (_name, record) => {
    const result = parse(record);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
});

describe('parseSystemFile rejects malformed files with the JSON pointer of the problem', () => {
  const rejected: Array<[string, unknown, string, string?]> = [
    ['root is an array', [TARGET], '', 'must be object'],
    ['root is a string', 'system', '', 'must be object'],
    ['root is null', null, '', 'must be object'],
    ['name missing', edited((r) => delete r.name), '/name', 'is required'],
    ['name empty', edited((r) => (r.name = '')), '/name', 'must not be empty'],
    ['name a number', edited((r) => (r.name = 7)), '/name', 'must be string'],
    ['connectorTypeString missing', edited((r) => delete r.connectorTypeString), '/connectorTypeString', 'is required'],
    ['connectorTypeString empty', edited((r) => (r.connectorTypeString = '')), '/connectorTypeString'],
    ['accessMode missing', edited((r) => delete r.accessMode), '/accessMode', 'is required'],
    ['accessMode lower case', edited((r) => (r.accessMode = 'write')), '/accessMode', 'must be one of READ, WRITE, PROXY'],
    ['properties an array', edited((r) => (r.properties = [])), '/properties', 'must be object or null'],
    ['properties a string', edited((r) => (r.properties = 'URL=x')), '/properties'],
    ['property value an object', edited((r) => (r.properties.URL = { v: 1 })), '/properties/URL', 'must be string or number or boolean or array'],
    ['property value null', edited((r) => (r.properties.URL = null)), '/properties/URL'],
    ['property value array of numbers', edited((r) => (r.properties.User = [1])), '/properties/User/0'],
    ['property name with "/" is escaped', edited((r) => (r.properties['a/b~c'] = {})), '/properties/a~1b~0c'],
    ['encryptedProperties an array', edited((r) => (r.encryptedProperties = ['Password'])), '/encryptedProperties'],
    ['encryptedProperties value a number', edited((r) => (r.encryptedProperties.Password = 1)), '/encryptedProperties/Password'],
    ['encryptedProperties value an object', edited((r) => (r.encryptedProperties.Password = {})), '/encryptedProperties/Password'],
    ['transformation a JSON string', edited((r) => (r.transformation = JSON.stringify(r.transformation))), '/transformation'],
    ['entity transformation a string', edited((r) => (r.transformation.user = 'x')), '/transformation/user'],
    ['mappings an object', edited((r) => (r.transformation.user.mappings = {})), '/transformation/user/mappings', 'must be array'],
    ['a mapping that is a string', edited((r) => (r.transformation.group.mappings[1] = '$.id')), '/transformation/group/mappings/1', 'must be object'],
    ['mapping optional as "true"', edited((r) => (r.transformation.user.mappings[0].optional = 'true')), '/transformation/user/mappings/0/optional', 'must be boolean'],
    ['mapping functions an object', edited((r) => (r.transformation.user.mappings[0].functions = {})), '/transformation/user/mappings/0/functions'],
    ['skipOperations a string', edited((r) => (r.transformation.group.skipOperations = 'delete')), '/transformation/group/skipOperations'],
    ['readTransformation an array', edited((r) => (r.readTransformation = [])), '/readTransformation'],
    ['relatedSystems a string', edited((r) => (r.relatedSystems = 'S4A')), '/relatedSystems', 'must be array or null'],
    ['relatedSystems with a number', edited((r) => (r.relatedSystems = [1])), '/relatedSystems/0', 'must be string'],
    ['emailSubscribers an object', edited((r) => (r.emailSubscribers = {})), '/emailSubscribers'],
    ['gitFetchAllowed as "false"', edited((r) => (r.gitFetchAllowed = 'false')), '/gitFetchAllowed', 'must be boolean or null'],
    ['fromImport as 0', edited((r) => (r.fromImport = 0)), '/fromImport'],
    ['id a number', edited((r) => (r.id = 42)), '/id'],
  ];
  const rows = rejected.map(([name, value, path, message]) => ({ name, value, path, message }));
  it.each(rows)('$name → $path', ({ value, path, message }) => {
    const issues = issuesOf(value);
    expect(issues.map((i) => i.path)).toContain(path);
    if (message) expect(issues.find((i) => i.path === path)?.message).toBe(message);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(edited((r) => Object.assign(r, { name: '', accessMode: 'X', gitFetchAllowed: 1 })));
    expect(issues.map((i) => i.path).sort()).toEqual(['/accessMode', '/gitFetchAllowed', '/name']);
  });
});

describe('parseSystemFile rejects unreadable input', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['empty file', '', /empty/],
    ['whitespace only', ' \n', /empty/],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0xff, 0x7d]), /not valid UTF-8/],
    ['UTF-16 LE with BOM', Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), /UTF-16/],
    ['trailing comma', '{\n    "name": "x",\n}', /line 3, column 1: unexpected character, expected a double-quoted property name/],
    ['missing colon', '{"name" "x"}', /line 1, column 9: .*expected ':'/],
    ['truncated file', '{\n    "name": "x"', /line 2, column 16: unexpected end of file, expected ',' or '}'/],
    ['bare word', '{\n    "a": tru\n}', /line 2, column 10: .*expected a value/],
    ['single quotes', "{'a': 1}", /line 1, column 2/],
    ['raw newline in a string', '{"a": "x\ny"}', /line 1, column 9: .*raw control character/],
    ['bad escape', '{"a": "\\x"}', /line 1, column 8: .*escape/],
    ['text after the object', '{"a": 1} {}', /line 1, column 10: .*expected end of input/],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    const result = parseSystemFile(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]!.path).toBe('');
      expect(result.issues[0]!.message).toMatch(message);
    }
  });
});

describe('__proto__ keys', () => {
  const text = '{"connectorTypeString":"X","accessMode":"READ","name":"n","__proto__":{"polluted":true},"properties":{"__proto__":"v"}}';

  it('are kept as own data properties and pollute nothing', () => {
    const result = parseSystemFile(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.record)).toBe(Object.prototype);
    expect(Object.keys(result.record)).toContain('__proto__');
    expect(Object.keys(result.record.properties!)).toEqual(['__proto__']);
    expect(({} as Json).polluted).toBeUndefined();
    expect(JSON.stringify({ ...result.record })).toBe(text);
  });

  it('are still validated', () => {
    const result = parseSystemFile(text.replace('"v"', '{}'));
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['/properties/__proto__']);
  });
});

describe('formatIssues', () => {
  it.each([
    [[{ path: '/accessMode', message: 'must be one of READ, WRITE, PROXY' }], '/accessMode: must be one of READ, WRITE, PROXY'],
    [[{ path: '', message: 'the file is empty' }], 'the file is empty'],
    [[{ path: '/a', message: 'x' }, { path: '/b', message: 'y' }], '/a: x\n/b: y'],
  ])('%j', (issues, expected) => {
    expect(formatIssues(issues)).toBe(expected);
  });

  it('caps a long list', () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({ path: `/p${i}`, message: 'bad' }));
    const lines = formatIssues(issues).split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('… and 5 more');
  });
});
