import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { isIpsPath, tenantOrigin } from '@/lib/console/pages';
import { ExportJob, type ExportState } from '@/lib/export/job';
import { FEATURES } from '@/lib/features';
import { startFeatures } from '@/lib/features/manager';
import type { AppContext } from '@/lib/features/types';
import { createShadowHost } from '@/lib/ui/shadow';
import { ExportPanel } from '@/components/ExportPanel';

/** The content script: one app per console tab, its floating panel, and the page features. */
export function startContent(signal: AbortSignal): void {
  if (!isIpsPath(location.pathname)) return;
  const app: AppContext = { origin: tenantOrigin(location), exportJob: new ExportJob(tenantOrigin(location)) };
  const panel = createShadowHost('div', 'panel');
  document.body.append(panel.host);
  panel.mount(h(PanelContainer, { app }));
  signal.addEventListener('abort', () => {
    app.exportJob.cancel();
    panel.unmount();
  }, { once: true });
  startFeatures(FEATURES, app, signal);
}

function PanelContainer({ app }: { app: AppContext }) {
  const job = app.exportJob;
  const [state, setState] = useState<ExportState>(job.state.get());
  useEffect(() => job.state.subscribe(setState), [job]);
  return h(ExportPanel, { state, onCancel: () => job.cancel(), onClose: () => job.dismiss() });
}
