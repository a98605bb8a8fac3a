/**
 * A worker-thread RPC that offers both asynchronous and synchronous calls.
 *
 * Why this exists: Jinja templates are synchronous. `run_query()` and
 * `adapter.get_columns_in_relation()` must return their answer in the middle of rendering,
 * but database drivers in Node (DuckDB's included) only answer asynchronously. So the driver
 * lives in one worker thread, and the main thread can either await a reply (normal code) or
 * block on `Atomics.wait` until the worker has posted the reply and then take it off a
 * dedicated port with `receiveMessageOnPort` (the technique synckit uses). The worker keeps
 * running its own event loop the whole time, so a synchronous call can be answered while
 * asynchronous calls are still in flight.
 *
 * Layout: requests (async and sync alike, in order) go over one MessageChannel; async replies
 * come back on it; sync replies come back on a second channel that the main thread never
 * listens to, plus a flag in a SharedArrayBuffer that the worker flips and notifies.
 */
import { MessageChannel, type MessagePort, type ResourceLimits, Worker, isMainThread, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { ReelhouseError, isReelhouseError, type Diagnostic } from './diagnostic.js';

/** Flag values in the shared slot the main thread waits on. */
const SLOT_IDLE = 0;
const SLOT_REPLIED = 1;
const SLOT_DEAD = 2;

/** How often a blocked sync call checks that the worker thread still exists. */
const DEATH_CHECK_MS = 250;

/** The key under which the bridge's own plumbing travels in `workerData`. */
const BRIDGE_KEY = '__reelhouseSyncBridge';

interface BridgeInit {
  requests: MessagePort;
  syncReplies: MessagePort;
  slot: SharedArrayBuffer;
  data: unknown;
}

interface Request {
  id: number;
  method: string;
  args: unknown[];
  sync: boolean;
}

/** An error as it crosses the thread boundary. */
interface WireError {
  message: string;
  name?: string;
  stack?: string;
  diagnostic?: Diagnostic;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError } | { fatal: WireError } | { ready: true };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Handlers a worker serves: each takes structured-clone-safe arguments and returns such a value (or a promise of one). */
export type RpcHandlers = Record<string, (...args: never[]) => unknown>;

/** Options for starting a worker with `WorkerRpc.start`. */
export interface WorkerRpcOptions {
  /** Any structured-clone-safe value; the worker reads it with `rpcWorkerData()`. */
  data?: unknown;
  /** Names the worker in error messages, e.g. `the DuckDB worker`. */
  label?: string;
  /** Environment of the worker (default: a copy of this process's). */
  env?: NodeJS.ProcessEnv;
  /** Heap limits of the worker thread. */
  resourceLimits?: ResourceLimits;
}

/** Main-thread side of the bridge: call the worker's handlers asynchronously or synchronously. */
export class WorkerRpc {
  private readonly worker: Worker;
  private readonly requests: MessagePort;
  private readonly syncReplies: MessagePort;
  private readonly slot: Int32Array;
  private readonly pending = new Map<number, Pending>();
  private readonly label: string;
  private nextId = 1;
  private deadError: Error | undefined;
  private closing = false;
  private readonly exited: Promise<void>;
  private readonly ready: Promise<void>;

  private constructor(url: URL, options: WorkerRpcOptions) {
    this.label = options.label ?? 'the worker thread';
    const requestChannel = new MessageChannel();
    const syncChannel = new MessageChannel();
    const slot = new SharedArrayBuffer(4);
    this.slot = new Int32Array(slot);
    this.requests = requestChannel.port1;
    this.syncReplies = syncChannel.port1;
    const init: BridgeInit = { requests: requestChannel.port2, syncReplies: syncChannel.port2, slot, data: options.data };
    this.worker = new Worker(url, {
      workerData: { [BRIDGE_KEY]: init },
      transferList: [requestChannel.port2, syncChannel.port2],
      execArgv: workerExecArgv(),
      ...(options.env ? { env: options.env } : {}),
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    let readyResolve!: () => void;
    this.ready = new Promise((resolve) => (readyResolve = resolve));
    this.requests.on('message', (reply: Reply) => {
      if ('ready' in reply) readyResolve();
      else this.onReply(reply);
    });
    // The sync port is only ever drained with receiveMessageOnPort; it must never keep the process alive.
    this.syncReplies.unref();
    let exitedResolve!: () => void;
    this.exited = new Promise((resolve) => (exitedResolve = resolve));
    let lastError: Error | undefined;
    this.worker.on('error', (error) => {
      lastError = error;
    });
    this.worker.on('exit', (code) => {
      if (!this.closing) {
        const why = lastError ? `: ${lastError.message}` : ` (exit code ${code})`;
        this.markDead(new Error(`${this.label} stopped unexpectedly${why}`, lastError ? { cause: lastError } : undefined));
      } else {
        this.markDead(new Error(`${this.label} has been closed`));
      }
      exitedResolve();
    });
    this.updateRef();
  }

  /**
   * Starts a worker from its compiled entry file (find it with `new URL('./worker.js', import.meta.url)`)
   * and resolves once it serves calls, so that a synchronous call never waits on a worker that
   * failed to load.
   */
  static async start(url: URL, options: WorkerRpcOptions = {}): Promise<WorkerRpc> {
    const rpc = new WorkerRpc(url, options);
    rpc.worker.ref();
    try {
      await Promise.race([
        rpc.ready,
        rpc.exited.then(() => {
          throw rpc.deadError ?? new Error(`${rpc.label} failed to start`);
        }),
      ]);
    } finally {
      rpc.updateRef();
    }
    return rpc;
  }

  /** False once the worker has exited or been closed; every call then fails at once. */
  get alive(): boolean {
    return this.deadError === undefined;
  }

  /** Calls a handler and awaits its reply; many calls may be in flight at once. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    if (this.deadError) return Promise.reject(this.deadError);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.requests.postMessage({ id, method, args, sync: false } satisfies Request);
      } catch (error) {
        this.pending.delete(id);
        reject(error);
        return;
      }
      this.updateRef();
    });
  }

  /** Calls a handler and blocks this thread until the worker replies (or dies). */
  callSync<T = unknown>(method: string, ...args: unknown[]): T {
    if (this.deadError) throw this.deadError;
    const id = this.nextId++;
    // SLOT_DEAD is sticky: only a previous reply's flag is cleared, so a worker that died
    // before this call (its exit event not yet delivered here) is still noticed below.
    Atomics.compareExchange(this.slot, 0, SLOT_REPLIED, SLOT_IDLE);
    if (Atomics.load(this.slot, 0) === SLOT_DEAD) throw this.diedDuring(method);
    this.requests.postMessage({ id, method, args, sync: true } satisfies Request);
    for (;;) {
      // No timeout on the call: a long query may legitimately take minutes. The worker flips
      // the slot to SLOT_DEAD from its exit/uncaught-exception hooks, so a dying worker wakes
      // us; a worker stopped from outside those hooks (out of memory) is caught by the slice.
      if (Atomics.wait(this.slot, 0, SLOT_IDLE, DEATH_CHECK_MS) === 'timed-out') {
        if (this.workerStopped()) throw this.diedDuring(method);
        continue;
      }
      const received = receiveMessageOnPort(this.syncReplies);
      if (received) {
        const reply = received.message as Exclude<Reply, { ready: true }>;
        if ('fatal' in reply) {
          const error = new Error(`${this.label} stopped unexpectedly: ${reply.fatal.message}`);
          this.markDead(error);
          throw error;
        }
        if (reply.id !== id) continue;
        if (reply.ok) return reply.value as T;
        throw fromWire(reply.error);
      }
      if (Atomics.load(this.slot, 0) === SLOT_DEAD) throw this.diedDuring(method);
      // Flag set but the message is not visible yet: poll briefly rather than wait for a
      // notification that has already happened.
      Atomics.wait(this.slot, 0, SLOT_REPLIED, 1);
    }
  }

  /**
   * Whether the worker thread has stopped, answerable while this thread is blocked (its
   * 'exit' event cannot be delivered then): a stopped worker reports a negative idle time.
   */
  private workerStopped(): boolean {
    const usage = this.worker.performance.eventLoopUtilization();
    return usage.idle < 0 || (usage.idle === 0 && usage.active === 0);
  }

  private diedDuring(method: string): Error {
    const error = this.deadError ?? new Error(`${this.label} stopped unexpectedly while answering a call to ${method}`);
    this.markDead(error);
    return error;
  }

  /** Stops the worker; pending calls fail. Resolves once the thread has exited. */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    if (this.deadError) return;
    this.worker.ref();
    await this.worker.terminate();
    await this.exited;
  }

  private onReply(reply: Exclude<Reply, { ready: true }>): void {
    if ('fatal' in reply) {
      this.markDead(new Error(`${this.label} stopped unexpectedly: ${reply.fatal.message}`));
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    this.updateRef();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromWire(reply.error));
  }

  private markDead(error: Error): void {
    if (this.deadError) return;
    this.deadError = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.requests.close();
    this.syncReplies.close();
    this.worker.unref();
  }

  /** Keeps the process alive only while async calls are awaiting replies. */
  private updateRef(): void {
    if (this.deadError) return;
    if (this.pending.size > 0) {
      this.requests.ref();
      this.worker.ref();
    } else {
      this.requests.unref();
      this.worker.unref();
    }
  }
}

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

/** The parent's Node flags minus those that only make sense for the main script (`-e`, `--input-type`). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--input-type=')) continue;
    if (['--input-type', '-e', '--eval', '-p', '--print'].includes(arg)) {
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function bridgeInit(): BridgeInit {
  const init = isMainThread ? undefined : (workerData as Record<string, BridgeInit> | null)?.[BRIDGE_KEY];
  if (!init) throw new Error('serveWorkerRpc/rpcWorkerData must run in a worker started by WorkerRpc.start');
  return init;
}

function toWire(error: unknown): WireError {
  if (isReelhouseError(error)) {
    return { message: error.message, name: error.name, diagnostic: error.diagnostic };
  }
  if (error instanceof Error) {
    const wire: WireError = { message: error.message, name: error.name };
    if (error.stack) wire.stack = error.stack;
    return wire;
  }
  return { message: String(error) };
}

function fromWire(wire: WireError): Error {
  if (wire.diagnostic) return new ReelhouseError(wire.diagnostic);
  const error = new Error(wire.message);
  if (wire.name) error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  return error;
}
