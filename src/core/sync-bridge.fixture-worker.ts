/**
 * A small worker for the sync bridge's tests and benchmark: echoes, sleeps, fails and dies
 * on request. Not used by the product.
 */
import { userError } from './diagnostic.js';
import { rpcWorkerData, serveWorkerRpc } from './sync-bridge-serve.js';

const log: string[] = [];

serveWorkerRpc({
  echo: (value: unknown) => value,
  noop: () => undefined,
  data: () => rpcWorkerData(),
  sleep: async (ms: number, tag: string) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    log.push(tag);
    return tag;
  },
  log: () => [...log],
  fail: (message: string) => {
    throw new Error(message);
  },
  failAsync: async (message: string) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw userError('fixture-error', message, { file: 'models/x.sql', line: 3 });
  },
  unclonable: () => ({ fn: () => 1 }),
  crashLater: (ms: number) => {
    setTimeout(() => {
      throw new Error('fixture crash');
    }, ms);
  },
  exhaustMemoryLater: (ms: number) => {
    setTimeout(() => {
      const hoard: unknown[] = [];
      for (;;) hoard.push(new Array(100_000).fill({ x: hoard.length }));
    }, ms);
  },
  exitLater: (ms: number) => {
    setTimeout(() => process.exit(7), ms);
  },
});
