import { describe, expect, it } from 'vitest';
import { canonicalize } from '@/lib/canonical/jcs.ts';

/** A double from its IEEE 754 bit pattern, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt('0x' + hex));
  return view.getFloat64(0);
}

describe('canonicalize: RFC 8785 vectors', () => {
  it('§3.2.2 example: numbers, string escaping, literals', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalize(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('§3.2.3 example: keys sorted by UTF-16 code units', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    // Not via Object.keys of the result: JS lists integer-like keys ("1") first, whatever the text order.
    const keys = [...canonicalize(JSON.parse(input)).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`));
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalize(JSON.parse(input))).toBe(
      // Escapes, not literal characters: an editor may normalise U+FB33 into U+05D3 U+05BC.
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('Appendix B number %s → %s', (bits, expected) => {
    expect(canonicalize(fromBits(bits))).toBe(expected);
  });

  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])('Appendix B %s (NaN/Infinity) throws', (bits) => {
    expect(() => canonicalize(fromBits(bits))).toThrow(TypeError);
  });
});

describe('canonicalize: other values', () => {
  it.each<[string, unknown, string]>([
    ['1e21', 1e21, '1e+21'],
    ['1e-7', 1e-7, '1e-7'],
    ['0.000001', 0.000001, '0.000001'],
    ['-0', -0, '0'],
    ['integers stay integers', [1, -1, 100], '[1,-1,100]'],
    ['literals', [null, true, false], '[null,true,false]'],
    ['empty containers', { a: [], b: {} }, '{"a":[],"b":{}}'],
    ['nested arrays keep order', [[3, [2, { b: 1, a: [] }]], [], [[1]]], '[[3,[2,{"a":[],"b":1}]],[],[[1]]]'],
    ['nested objects are sorted at every depth', { z: { y: 1, x: { d: 0, c: [{ b: 1, a: 2 }] } }, a: 0 }, '{"a":0,"z":{"x":{"c":[{"a":2,"b":1}],"d":0},"y":1}}'],
    ['prefix keys sort first', { ab: 1, a: 2, b: 3, A: 4 }, '{"A":4,"a":2,"ab":1,"b":3}'],
    ['undefined members are absent', { a: undefined, b: 1 }, '{"b":1}'],
    ['whitespace is not kept', JSON.parse('{ "a" : [ 1 , 2 ] }'), '{"a":[1,2]}'],
    ['control characters use lower-case \\u', '\u0000\u001f\b\t\n\f\r', '"\\u0000\\u001f\\b\\t\\n\\f\\r"'],
    ['U+2028 and "/" are not escaped', '\u2028/', '"\u2028/"'],
    ['a lone surrogate is escaped like JSON.stringify', '\ud800', '"\\ud800"'],
    ['null-prototype objects', Object.assign(Object.create(null), { b: 1, a: 2 }), '{"a":2,"b":1}'],
    ['a __proto__ key is data', JSON.parse('{"__proto__":{"x":1},"a":1}'), '{"__proto__":{"x":1},"a":1}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalize(value)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['NaN', NaN],
    ['Infinity inside an object', { a: [-Infinity] }],
    ['undefined in an array', [1, undefined]],
    ['undefined at top level', undefined],
    ['a function', { f: () => 1 }],
    ['a bigint', 1n],
    ['a symbol', Symbol('s')],
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', 1]])],
  ])('throws on %s', (_name, value) => {
    expect(() => canonicalize(value)).toThrow(TypeError);
  });

  it('throws on a cycle but accepts shared references', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { back: cyclic };
    expect(() => canonicalize(cyclic)).toThrow(/cycle at '\/self\/back'/);
    const shared = { v: 1 };
    expect(canonicalize({ a: shared, b: [shared] })).toBe('{"a":{"v":1},"b":[{"v":1}]}');
  });
});
