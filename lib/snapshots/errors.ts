/** Errors of the store as values the admin can act on; `code` travels with the message reply. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'SNAPSHOT_DAMAGED' | 'BAD_REQUEST' | 'INVALID_RECORD' | 'STORE_FAILED',
  ) {
    super(message);
  }
}

/** Why a snapshot could not be written, for the admin: nothing partial is ever kept. */
export function describeStoreError(e: unknown): string {
  const name = (e as { name?: string })?.name;
  const detail = (e as Error)?.message ?? String(e);
  switch (name) {
    case 'QuotaExceededError':
      return "The snapshot was not saved: the browser's storage for the extension is full. Delete old snapshots in the extension popup, then try again. Nothing partial was kept.";
    case 'AbortError':
      return `The snapshot was not saved: the write was interrupted before it completed (${detail}). Nothing partial was kept; try again.`;
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return 'The snapshot was not saved: the extension was stopped or updated while writing. Nothing partial was kept; reload the console page and try again.';
    case 'VersionError':
      return 'The snapshot was not saved: a newer version of the extension owns the stored snapshots. Update the extension, then try again.';
    default:
      return `The snapshot was not saved (${name ?? 'error'}: ${detail}). Nothing partial was kept.`;
  }
}
