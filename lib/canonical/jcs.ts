/**
 * RFC 8785 JSON Canonicalization Scheme: the form in which records are hashed and compared, so that key
 * order and whitespace (pretty vs minified exports) never make two equal systems look different.
 */

/**
 * Object keys are sorted by UTF-16 code units (JS's default sort), numbers use ECMAScript
 * Number-to-String (which RFC 8785 adopts), strings use JSON.stringify's escaping. Undefined object
 * members are treated as absent, like JSON.stringify. Throws a TypeError for values JSON can't carry
 * (non-finite numbers, undefined in arrays, functions, bigint, class instances, cycles) instead of
 * silently hashing something other than what was given.
 */
export function canonicalize(value: unknown): string {
  return write(value, new Set<object>(), '');
}

function write(value: unknown, ancestors: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalize: ${value} at '${path}' is not valid JSON`);
      return JSON.stringify(value); // -0 → "0", 1e21 → "1e+21": ES Number::toString as RFC 8785 §3.2.2.3
    case 'object':
      return writeContainer(value, ancestors, path);
    default:
      throw new TypeError(`canonicalize: ${typeof value} at '${path}' is not valid JSON`);
  }
}

function writeContainer(value: object, ancestors: Set<object>, path: string): string {
  if (ancestors.has(value)) throw new TypeError(`canonicalize: cycle at '${path}'`);
  ancestors.add(value);
  try {
    return Array.isArray(value) ? writeArray(value, ancestors, path) : writeObject(value, ancestors, path);
  } finally {
    ancestors.delete(value);
  }
}

function writeArray(items: unknown[], ancestors: Set<object>, path: string): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i] === undefined) throw new TypeError(`canonicalize: undefined at '${path}/${i}'`);
    parts.push(write(items[i], ancestors, `${path}/${i}`));
  }
  return `[${parts.join(',')}]`;
}

function writeObject(object: object, ancestors: Set<object>, path: string): string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`canonicalize: non-plain object at '${path}' is not valid JSON`);
  }
  const record = object as Record<string, unknown>;
  const parts: string[] = [];
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 requires.
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${write(member, ancestors, `${path}/${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}
