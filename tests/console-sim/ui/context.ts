/** What every part of the page gets from the app shell. */
import type { ApiClient } from './api.ts';
import type { Translate } from './i18n.ts';
import type { StripType } from './dom.ts';

export interface Flash {
  type: StripType;
  text: string;
}

export interface PageContext {
  api: ApiClient;
  t: Translate;
  /** Changes the hash (the router renders on `hashchange`). */
  navigate(hash: string): void;
  /** Shows an error of a request: session expiry is shown once at the top, anything else as a strip in `host`. */
  reportError(error: unknown, host?: HTMLElement): void;
  /** A message for the next rendered detail page (e.g. save warnings after navigating to the new system). */
  setFlash(flashes: Flash[]): void;
  takeFlash(): Flash[];
  /** The master list reloads (after create, delete, enable/disable). */
  refreshList(): void;
  /** Registers async work started by a user action, so the page knows when it is idle (tests wait for it). */
  track(work: Promise<unknown>): void;
}
