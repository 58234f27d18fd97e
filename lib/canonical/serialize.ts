import type { SystemFile } from '../model/system.ts';

/**
 * The console's own file format: 4-space indent, keys in the order received, no trailing newline.
 * Every real export in tests/fixtures/real-exports is byte-identical to this output.
 */
export function serializeSystemFile(record: SystemFile): string {
  return JSON.stringify(record, null, 4);
}
