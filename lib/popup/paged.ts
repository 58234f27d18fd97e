import type { SnapshotSummary } from '@/lib/messaging/protocol';

export type FetchPage = (offset: number, limit: number) => Promise<{ total: number; items: SnapshotSummary[] }>;

/**
 * The timeline's rows, fetched a page at a time from the background ('snapshots.list', newest first)
 * as they scroll into view. Pages are cached; a change (pin, label, delete) reloads what is shown.
 */
export class PagedSnapshots {
  total: number | null = null;
  error: string | null = null;
  private pages = new Map<number, SnapshotSummary[]>();
  private loading = new Map<number, Promise<void>>();
  private listeners = new Set<() => void>();
  private generation = 0;

  constructor(
    private readonly fetchPage: FetchPage,
    readonly pageSize = 50,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(index: number): SnapshotSummary | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Loads the pages covering rows [start, end); the first call also learns the total. */
  async ensure(start: number, end: number): Promise<void> {
    const first = Math.floor(start / this.pageSize);
    const last = Math.floor(Math.max(start, end - 1) / this.pageSize);
    const waits: Array<Promise<void>> = [];
    for (let p = first; p <= last; p++) {
      if (this.pages.has(p)) continue;
      if (this.total !== null && p * this.pageSize >= this.total) continue;
      waits.push(this.loading.get(p) ?? this.load(p));
    }
    await Promise.all(waits);
  }

  private load(page: number): Promise<void> {
    const generation = this.generation;
    const done = this.fetchPage(page * this.pageSize, this.pageSize).then(
      ({ total, items }) => {
        if (generation !== this.generation) return;
        this.total = total;
        this.error = null;
        this.pages.set(page, items);
      },
      (e: unknown) => {
        if (generation === this.generation) this.error = e instanceof Error ? e.message : String(e);
      },
    );
    const tracked = done.finally(() => {
      if (this.loading.get(page) === tracked) this.loading.delete(page);
      this.notify();
    });
    this.loading.set(page, tracked);
    return tracked;
  }

  /** One row changed in place (pin, label): no reload needed. */
  replace(item: SnapshotSummary): void {
    for (const items of this.pages.values()) {
      const i = items.findIndex((s) => s.id === item.id);
      if (i >= 0) items[i] = item;
    }
    this.notify();
  }

  /** Rows were added or deleted: forget every page; the view asks again for what it shows. */
  invalidate(): void {
    this.generation++;
    this.pages.clear();
    this.loading.clear();
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
