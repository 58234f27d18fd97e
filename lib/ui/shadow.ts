import { render, type ComponentChild } from 'preact';
import themeCss from '@/components/theme.css?inline';
import panelCss from '@/components/panel.css?inline';
import importCss from '@/components/import/import.css?inline';
import { OUR_MARKER } from '@/lib/console/selectors';
import { followTheme } from '@/lib/options/theme';

/**
 * Our UI lives in shadow roots so the console's CSS can't break it and ours can't break the console.
 * Every host carries the `data-ipx` marker, which is how injection stays idempotent.
 */
export function createShadowHost(tag: 'span' | 'div', marker: string): { host: HTMLElement; mount: (ui: ComponentChild) => void; unmount: () => void } {
  const host = document.createElement(tag);
  host.setAttribute(OUR_MARKER, marker);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = themeCss + panelCss + importCss;
  const container = document.createElement(tag);
  root.append(style, container);
  // The admin's theme choice (options page: follow the console / light / dark), kept live.
  const theme = new AbortController();
  followTheme(host, theme.signal, document);
  return {
    host,
    mount: (ui) => render(ui, container),
    unmount: () => {
      theme.abort();
      render(null, container);
      host.remove();
    },
  };
}
