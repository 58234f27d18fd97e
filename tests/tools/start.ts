/**
 * `npm start`: builds the test build of the extension, starts the console simulator seeded with the
 * real exports, and opens Chromium with the extension loaded on it. Without a display it says so and
 * keeps the simulator running, printing its URL and the folder to load the extension from.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startSimulator } from '../console-sim/server.ts';

const root = resolve(import.meta.dirname, '../..');
const extensionDir = join(root, '.output/chrome-mv3-test');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const build = spawnSync('npx', ['wxt', 'build', '--mode', 'test'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const port = Number(arg('port') ?? process.env.PORT ?? 5173);
const generate = arg('generate') ? Number(arg('generate')) : undefined;
const sim = await startSimulator({ port, generate }).catch(() => startSimulator({ port: 0, generate }));
console.log(`\nConsole simulator: ${sim.url}`);
console.log(`Extension folder (chrome://extensions → Developer mode → Load unpacked): ${extensionDir}\n`);

const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!hasDisplay || !chromiumPath) {
  console.log(
    !chromiumPath
      ? 'No Chromium found (install it: apt-get install -y chromium). '
      : 'No display (DISPLAY/WAYLAND_DISPLAY unset), so no browser window can be opened. ',
  );
  console.log('The simulator keeps running: open the URL above in a browser with the extension loaded. Ctrl+C stops it.');
} else {
  const context = await chromium.launchPersistentContext(join(root, 'tests/.artifacts/demo-profile'), {
    executablePath: chromiumPath,
    headless: false,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: null,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(sim.url);
  console.log('Chromium is open with the extension. Close the browser or press Ctrl+C to stop.');
  context.on('close', () => void sim.close().then(() => process.exit(0)));
}

const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
