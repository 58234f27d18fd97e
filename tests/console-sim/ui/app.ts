/** Entry of the console page bundle (`/ips/app.js`, built by the simulator server with esbuild). */
import { mountConsole } from './console.ts';

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => mountConsole(), { once: true });
} else {
  mountConsole();
}
