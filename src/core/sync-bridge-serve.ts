// The worker side of the sync bridge (see sync-bridge.ts): answers the main thread's calls,
// waking it through the shared slot for synchronous ones.
import { isMainThread, workerData } from 'node:worker_threads';
import { BRIDGE_KEY, SLOT_DEAD, SLOT_REPLIED, toWire, type BridgeInit, type Reply, type Request } from './sync-bridge-protocol.js';
import type { RpcHandlers } from './sync-bridge.js';

/** Options for `serveWorkerRpc`. */
export interface ServeOptions {
  /** Runs after an uncaught error was reported to the caller and before the worker exits (bounded in time). */
  beforeFatalExit?: () => Promise<void> | void;
}

/** How long a dying worker may spend cleaning up. */
const FATAL_CLEANUP_MS = 10_000;

/** In a worker started by `WorkerRpc.start`: the `data` passed there. */
export function rpcWorkerData<T = unknown>(): T {
  return bridgeInit().data as T;
}

/**
 * In a worker started by `WorkerRpc.start`: answers calls with `handlers`.
 * Handlers run concurrently (each call is its own promise); ordering between calls is the
 * handlers' business (e.g. a per-session queue).
 */
export function serveWorkerRpc(handlers: RpcHandlers, options: ServeOptions = {}): void {
  const init = bridgeInit();
  const slot = new Int32Array(init.slot);
  const { requests, syncReplies } = init;

  const wakeMain = (state: number): void => {
    Atomics.store(slot, 0, state);
    Atomics.notify(slot, 0);
  };
  const die = (error: unknown): void => {
    const wire = toWire(error);
    try {
      requests.postMessage({ fatal: wire } satisfies Reply);
      syncReplies.postMessage({ fatal: wire } satisfies Reply);
    } catch {
      // Ports may already be closed; the slot below still wakes a blocked caller.
    }
    wakeMain(SLOT_DEAD);
  };
  // A worker that dies must never leave the main thread blocked in Atomics.wait.
  process.on('exit', () => wakeMain(SLOT_DEAD));
  let dying = false;
  const fatal = (error: unknown): void => {
    if (dying) return;
    dying = true;
    die(error);
    // Callers are already told; now let native work in flight finish before the thread goes
    // (a native callback landing in a vanished thread aborts the whole process).
    const cleanup = Promise.resolve()
      .then(() => options.beforeFatalExit?.())
      .catch(() => undefined);
    const limit = new Promise((resolve) => setTimeout(resolve, FATAL_CLEANUP_MS).unref());
    void Promise.race([cleanup, limit]).finally(() => process.exit(1));
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);

  requests.on('message', (request: Request) => {
    const reply = (message: Reply): void => {
      if (request.sync) {
        syncReplies.postMessage(message);
        wakeMain(SLOT_REPLIED);
      } else {
        requests.postMessage(message);
      }
    };
    const handler = Object.hasOwn(handlers, request.method) ? handlers[request.method] : undefined;
    if (!handler) {
      reply({ id: request.id, ok: false, error: { message: `unknown method ${request.method}` } });
      return;
    }
    let result: unknown;
    try {
      result = (handler as (...args: unknown[]) => unknown)(...request.args);
    } catch (error) {
      reply({ id: request.id, ok: false, error: toWire(error) });
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        try {
          reply({ id: request.id, ok: true, value });
        } catch (error) {
          // The value could not be cloned: report that rather than leave the caller waiting.
          reply({ id: request.id, ok: false, error: toWire(error) });
        }
      },
      (error: unknown) => reply({ id: request.id, ok: false, error: toWire(error) }),
    );
  });
  requests.postMessage({ ready: true } satisfies Reply);
}

function bridgeInit(): BridgeInit {
  const init = isMainThread ? undefined : (workerData as Record<string, BridgeInit> | null)?.[BRIDGE_KEY];
  if (!init) throw new Error('serveWorkerRpc/rpcWorkerData must run in a worker started by WorkerRpc.start');
  return init;
}
