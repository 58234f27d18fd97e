import { browser } from 'wxt/browser';
import { DEFAULT_BUDGET, type BudgetOptions } from '@/lib/console/budget';

/** The admin's settings (options page), in extension storage; never secrets. */
export interface Settings {
  budget: BudgetOptions;
  /** How long to keep retrying without progress before giving up (ms). */
  retryBudgetMs: number;
}

export const DEFAULT_SETTINGS: Settings = { budget: DEFAULT_BUDGET, retryBudgetMs: 120_000 };

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get('settings').catch(() => ({}))) as { settings?: Partial<Settings> };
  const s = stored.settings ?? {};
  return {
    budget: { ...DEFAULT_BUDGET, ...s.budget },
    retryBudgetMs: typeof s.retryBudgetMs === 'number' ? s.retryBudgetMs : DEFAULT_SETTINGS.retryBudgetMs,
  };
}
