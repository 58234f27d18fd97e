import type { TenantSummary } from '@/lib/messaging/protocol';
import { formatAgo, formatTime, hostOf, plural } from '@/lib/popup/format';

/** Every tenant with snapshots: its origin, how many, and when the last one was taken. */
export function TenantList({ tenants, onOpen }: { tenants: TenantSummary[]; onOpen: (origin: string) => void }) {
  if (!tenants.length) {
    return (
      <div class="ipx-empty" data-testid="ipx-no-tenants">
        <p class="ipx-strong">No snapshots yet.</p>
        <p class="ipx-muted">Open the Identity Provisioning console and use Export or “Snapshot now”: every export is kept here as a snapshot.</p>
      </div>
    );
  }
  return (
    <ul class="ipx-tenants" aria-label="Tenants">
      {tenants.map((t) => (
        <li key={t.origin}>
          <button type="button" class="ipx-tenant" data-testid="ipx-tenant" data-origin={t.origin} onClick={() => onOpen(t.origin)}>
            <span class="ipx-trow-line">
              <span class="ipx-strong ipx-grow ipx-ellipsis">{hostOf(t.origin)}</span>
              <span class="ipx-badge">{plural(t.count, 'snapshot')}</span>
            </span>
            <span class="ipx-trow-line ipx-muted ipx-small">
              <span class="ipx-grow ipx-ellipsis">{t.origin}{t.tenantId && ` · tenant ${t.tenantId}`}</span>
              <span title={formatTime(t.lastCreatedAt)}>last {formatAgo(t.lastCreatedAt)}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
