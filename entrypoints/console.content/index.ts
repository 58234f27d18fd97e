import { CONSOLE_MATCHES } from '@/lib/console/hosts';
import { startContent } from '@/lib/content/main';

export default defineContentScript({
  matches: CONSOLE_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    startContent(ctx.signal);
  },
});
