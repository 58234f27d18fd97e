import { browser } from 'wxt/browser';
import { handleMessages } from '@/lib/messaging';
import { ingestExport } from '@/lib/snapshots/ingest';
import { listSnapshots } from '@/lib/snapshots/store';

/** The background worker: the only place that touches IndexedDB. */
export function startBackground(): void {
  const version = browser.runtime.getManifest().version;
  handleMessages({
    'export.ingest': (req) => ingestExport(req, version),
    'snapshots.list': (req) => listSnapshots(req.origin),
  });
}
