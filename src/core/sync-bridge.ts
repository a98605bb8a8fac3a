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
import { MessageChannel, type MessagePort, type ResourceLimits, type Worker, receiveMessageOnPort } from 'node:worker_threads';
import { spawnWorker } from './spawn-worker.js';
import { BRIDGE_KEY, SLOT_DEAD, SLOT_IDLE, SLOT_REPLIED, fromWire, type BridgeInit, type Reply, type Request } from './sync-bridge-protocol.js';

/** How often a blocked sync call checks that the worker thread still exists. */
const DEATH_CHECK_MS = 250;

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
    this.worker = spawnWorker(url, {
      workerData: { [BRIDGE_KEY]: init },
      transferList: [requestChannel.port2, syncChannel.port2],
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
