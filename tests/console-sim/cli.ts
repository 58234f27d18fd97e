/** `npm run sim -- [--port 5173] [--host 127.0.0.1] [--generate 200] [--seed 1] [--latency 40]` */
import { parseArgs } from 'node:util';
import { startSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    generate: { type: 'string' },
    seed: { type: 'string' },
    latency: { type: 'string' },
  },
});

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got "${text}"`);
    process.exit(2);
  }
  return n;
}

const sim = await startSimulator({
  port: number('port', values.port),
  host: values.host,
  generate: number('generate', values.generate),
  seed: number('seed', values.seed),
  latencyMs: number('latency', values.latency),
});
console.log(`Console simulator: ${sim.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().finally(() => process.exit(0));
  });
}
