import { browser } from 'wxt/browser';

/**
 * The `ipx-theme` setting: follow the console (its UI5 theme; the OS where there is no console, as in
 * the popup), or always light / dark. Applied as a class on a shadow host or a page root, which
 * components/theme.css reads before the prefers-color-scheme default.
 */
export type ThemeChoice = 'console' | 'light' | 'dark';
export const THEME_KEY = 'ipx-theme';
export const THEME_CHOICES: readonly ThemeChoice[] = ['console', 'light', 'dark'];
const CLASSES = { light: 'ipx-theme-light', dark: 'ipx-theme-dark' } as const;

const isChoice = (v: unknown): v is ThemeChoice => THEME_CHOICES.includes(v as ThemeChoice);

export async function loadTheme(): Promise<ThemeChoice> {
  const stored = (await browser.storage.local.get(THEME_KEY).catch(() => ({}))) as Record<string, unknown>;
  return isChoice(stored[THEME_KEY]) ? stored[THEME_KEY] : 'console';
}

export async function saveTheme(choice: ThemeChoice): Promise<void> {
  if (!isChoice(choice)) throw new Error(`Theme must be one of ${THEME_CHOICES.join(', ')}.`);
  await browser.storage.local.set({ [THEME_KEY]: choice });
}

/**
 * The console's own theme when the page says (UI5 puts `sapUiTheme-<name>` on <html> or <body>, and
 * dark themes end in `_dark`; `hcb` is high-contrast black); null when it does not say.
 */
export function consoleTheme(doc: Document | null): 'light' | 'dark' | null {
  if (!doc) return null;
  const classes = `${doc.documentElement?.className ?? ''} ${doc.body?.className ?? ''}`;
  const name = /sapUiTheme-(\S+)/.exec(classes)?.[1];
  if (!name) return null;
  return /(_dark|_hcb)$/.test(name) ? 'dark' : 'light';
}

/** Which forced theme, if any: null leaves the prefers-color-scheme default. */
export function resolveTheme(choice: ThemeChoice, fromConsole: 'light' | 'dark' | null): 'light' | 'dark' | null {
  return choice === 'console' ? fromConsole : choice;
}

export function applyTheme(el: Element, theme: 'light' | 'dark' | null): void {
  el.classList.toggle(CLASSES.light, theme === 'light');
  el.classList.toggle(CLASSES.dark, theme === 'dark');
}

/** Applies the setting to `el` now and whenever it changes; `consoleDoc` is the console page, if any. */
export function followTheme(el: Element, signal: AbortSignal, consoleDoc: Document | null = null): void {
  const update = (choice: ThemeChoice) => applyTheme(el, resolveTheme(choice, consoleTheme(consoleDoc)));
  void loadTheme().then((choice) => !signal.aborted && update(choice));
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && THEME_KEY in changes) update(isChoice(changes[THEME_KEY]!.newValue) ? (changes[THEME_KEY]!.newValue as ThemeChoice) : 'console');
  };
  browser.storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
}
