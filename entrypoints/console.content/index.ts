import { CONSOLE_MATCHES } from '@/lib/console/hosts';
export default defineContentScript({
  matches: CONSOLE_MATCHES,
  main() {},
});
