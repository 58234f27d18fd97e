import { browser } from 'wxt/browser';
import type { Envelope, MessageName, Reply, RequestOf, ResultOf } from './protocol.ts';

export class MessageError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Sends a typed message to the background; rejects with the background's error message. */
export async function send<K extends MessageName>(name: K, payload: RequestOf<K>): Promise<ResultOf<K>> {
  const envelope: Envelope<K> = { ipx: name, payload };
  let reply: Reply<ResultOf<K>> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(envelope)) as Reply<ResultOf<K>> | undefined;
  } catch (e) {
    throw new MessageError(
      `The extension's background could not be reached (${String(e)}). If the extension was just updated, reload the page.`,
      'NO_BACKGROUND',
    );
  }
  if (!reply) throw new MessageError('The extension background did not answer.', 'NO_REPLY');
  if (!reply.ok) throw new MessageError(reply.error.message, reply.error.code);
  return reply.value;
}

export type Handlers = {
  [K in MessageName]: (payload: RequestOf<K>, sender: { url?: string; tabId?: number }) => Promise<ResultOf<K>>;
};

/** Registers the background's handlers; unknown messages are left for other listeners. */
export function handleMessages(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const env = message as Partial<Envelope> | null;
    if (!env || typeof env.ipx !== 'string' || !(env.ipx in handlers)) return undefined;
    const handler = handlers[env.ipx] as (p: unknown, s: { url?: string; tabId?: number }) => Promise<unknown>;
    return handler(env.payload, { url: sender.url, tabId: sender.tab?.id }).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (e: unknown): Reply<unknown> => ({
        ok: false,
        error: { code: (e as { code?: string })?.code ?? 'ERROR', message: e instanceof Error ? e.message : String(e) },
      }),
    );
  });
}
