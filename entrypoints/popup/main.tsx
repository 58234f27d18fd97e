import '@/components/theme.css';
import '@/components/panel.css';
import '@/components/import/import.css';
import '@/components/popup/popup.css';
import { render } from 'preact';
import { PopupApp } from '@/components/popup/PopupApp';
import { followTheme } from '@/lib/options/theme';
import { messagingApi } from '@/lib/popup/api';

performance.mark('ipx-popup-start');
followTheme(document.documentElement, new AbortController().signal);
render(
  <PopupApp api={messagingApi()} hash={location.hash} onRoute={(hash) => history.replaceState(null, '', hash)} />,
  document.getElementById('app')!,
);
