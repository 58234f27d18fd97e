/** The native Export: fetch the export bytes and save them with `<a download>`. */
import type { PageContext } from './context.ts';
import { button, menuButton } from './dom.ts';
import type { SystemKind, SystemRecord } from './types.ts';

export function exportControl(ctx: PageContext, system: SystemRecord, kind: SystemKind, errorHost: HTMLElement): HTMLElement {
  const run = (format: 'json' | 'csv'): void => {
    void download(ctx, system, format).catch((error: unknown) => ctx.reportError(error, errorHost));
  };
  if (kind === 'proxy') {
    return menuButton(ctx.t('export'), 'export', [
      { label: ctx.t('jsonFormat'), action: 'export-json', onSelect: () => run('json') },
      { label: ctx.t('csvFormat'), action: 'export-csv', onSelect: () => run('csv') },
    ]);
  }
  return button(ctx.t('export'), { type: 'transparent', action: 'export', icon: '⤓', onClick: () => run('json') });
}

async function download(ctx: PageContext, system: SystemRecord, format: 'json' | 'csv'): Promise<void> {
  if (!system.id) return;
  const blob = await ctx.api.exportSystem(system.id, format);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${system.name}.${format}`;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
