/**
 * Entry point for reading system files and bundle manifests: decode → parse → validate with the
 * precompiled (CSP-safe) ajv validators. Invalid input is rejected with JSON-pointer paths, never repaired.
 *
 * `__proto__`: JSON.parse stores a `"__proto__"` key as an own data property, so such a key is kept as
 * data (the schema allows unknown keys). Spread (`{...r}`), `Object.fromEntries` and `structuredClone`
 * keep it; `Object.assign` and `obj[key] = value` would invoke the prototype setter and silently drop it
 * (or re-parent the object), so code copying records must not use them.
 */
import type { ErrorObject } from 'ajv';
import * as validators from 'virtual:ajv-validators';
import type { BundleManifest } from '../model/bundle.ts';
import type { SystemFile } from '../model/system.ts';
import { locateSyntaxError } from './json-syntax.ts';

export interface ValidationIssue {
  /** JSON pointer, e.g. `/properties/URL`; `''` for the file as a whole. */
  path: string;
  message: string;
}

export type ParseResult =
  | { ok: true; record: SystemFile; text: string; hadBom: boolean }
  | { ok: false; issues: ValidationIssue[] };

type Step<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

const BOM = '\uFEFF';
const MAX_FORMATTED_ISSUES = 20;

export function parseSystemFile(input: string | Uint8Array): ParseResult {
  const decoded = decode(input);
  if (!decoded.ok) return decoded;
  const hadBom = decoded.value.startsWith(BOM);
  const text = hadBom ? decoded.value.slice(1) : decoded.value;
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (!validators.systemFile(parsed.value)) {
    return { ok: false, issues: toIssues(validators.systemFile.errors) };
  }
  return { ok: true, record: parsed.value as SystemFile, text, hadBom };
}

export function validateManifest(
  value: unknown,
): { ok: true; manifest: BundleManifest } | { ok: false; issues: ValidationIssue[] } {
  if (!validators.bundleManifest(value)) {
    return { ok: false, issues: toIssues(validators.bundleManifest.errors) };
  }
  return { ok: true, manifest: value as BundleManifest };
}

/** One line per issue, e.g. `/accessMode: must be one of READ, WRITE, PROXY`. */
export function formatIssues(issues: ValidationIssue[]): string {
  const lines = issues
    .slice(0, MAX_FORMATTED_ISSUES)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const rest = issues.length - MAX_FORMATTED_ISSUES;
  if (rest > 0) lines.push(`… and ${rest} more`);
  return lines.join('\n');
}

function decode(input: string | Uint8Array): Step<string> {
  if (typeof input === 'string') return { ok: true, value: input };
  // A UTF-16 file (Windows "Unicode") is a common way to break an export by re-saving it.
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    return fail('the file is UTF-16 encoded; save it as UTF-8 and try again');
  }
  try {
    // ignoreBOM keeps a BOM in the output, so the caller can report that the file had one.
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input) };
  } catch {
    return fail('the file is not valid UTF-8 text; is it really an exported system (.json)?');
  }
}

function parseJson(text: string): Step<unknown> {
  if (text.trim() === '') return fail('the file is empty');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const at = locateSyntaxError(text);
    if (!at) return fail(`invalid JSON: ${(error as Error).message}`);
    const problem = at.offset >= text.length ? 'unexpected end of file' : 'unexpected character';
    return fail(`invalid JSON at line ${at.line}, column ${at.column}: ${problem}, expected ${at.expected}`);
  }
}

function fail(message: string): { ok: false; issues: ValidationIssue[] } {
  return { ok: false, issues: [{ path: '', message }] };
}

function toIssues(errors: ErrorObject[] | null | undefined): ValidationIssue[] {
  const issues = (errors ?? []).map(toIssue);
  return issues.length > 0 ? issues : [{ path: '', message: 'does not match the schema' }];
}

function toIssue(error: ErrorObject): ValidationIssue {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: child(at, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: child(at, String(params.additionalProperty)), message: 'is not allowed here' };
    case 'enum':
      return { path: at, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { path: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { path: at, message: `must be ${[params.type].flat().join(' or ')}` };
    case 'minLength':
      return { path: at, message: params.limit === 1 ? 'must not be empty' : error.message ?? 'is too short' };
    case 'discriminator': {
      const message = params.error === 'mapping' ? `unknown value ${JSON.stringify(params.tagValue)}` : 'must be a string';
      return { path: child(at, String(params.tag)), message };
    }
    default:
      return { path: at, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** Appends one JSON-pointer segment (RFC 6901 escaping). */
function child(path: string, key: string): string {
  return `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
