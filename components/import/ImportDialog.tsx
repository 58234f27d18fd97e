import { useEffect, useMemo } from 'preact/hooks';
import { ConsoleClient } from '@/lib/console/api';
import { ImportFlow } from '@/lib/import/flow';
import type { RestoreRequest } from '@/lib/import/messages';
import { send } from '@/lib/messaging';
import type { SystemKind } from '@/lib/model/system';
import { loadSettings } from '@/lib/settings';
import { Portal } from '../Portal.tsx';
import { ImportView } from './ImportView.tsx';

export interface ImportDialogProps {
  origin: string;
  kind: SystemKind;
  /** Set when the popup asked this console tab to restore a snapshot. */
  restore?: RestoreRequest;
  onClose: () => void;
}

/** "Import with diff" for the systems list of `kind`: a modal dialog over the console. */
export function ImportDialog({ origin, kind, restore, onClose }: ImportDialogProps) {
  const flow = useMemo(
    () =>
      new ImportFlow(origin, kind, {
        send,
        client: async () => {
          const settings = await loadSettings();
          return new ConsoleClient({ origin, budget: settings.budget, retryBudgetMs: settings.retryBudgetMs });
        },
      }),
    [origin, kind, restore],
  );
  useEffect(() => void (restore ? flow.openRestore(restore) : flow.open()), [flow]);
  return (
    <Portal marker="import">
      <div class="ipx-backdrop" />
      <ImportView flow={flow} onClose={onClose} />
    </Portal>
  );
}
