// Lays out lineage graphs in a Web Worker and caches the results: in memory for the page's
// life (toggling a filter back is instant) and in localStorage across visits (a reload of a
// large project draws at once instead of waiting for dagre again).
import { embeddedWorkerCode } from '../embedded.js';
import type { Layout } from './geometry.js';
import type { LayoutRequest, LayoutResponse } from './layout-protocol.js';

/** A finished layout and where it came from. */
export interface TimedLayout {
  layout: Layout;
  /** Time spent laying out (0 when cached). */
  ms: number;
  source: 'worker' | 'memory' | 'storage';
}

const STORAGE_PREFIX = 'reelhouse.lineage-layout.';
/** Layouts kept in localStorage; older ones are dropped first. */
const STORAGE_KEEP = 6;
const memory = new Map<string, Layout>();
let worker: Worker | undefined;
let seq = 0;
const pending = new Map<number, { resolve(r: TimedLayout): void; reject(e: Error): void }>();

/** Lays out a graph (nodes in the given order, edges between them), from a cache when it can. */
export async function layoutInWorker(ids: string[], edges: [string, string][]): Promise<TimedLayout> {
  const key = await graphKey(ids, edges);
  const cached = memory.get(key);
  if (cached) return { layout: cached, ms: 0, source: 'memory' };
  const stored = readStored(key);
  if (stored) {
    memory.set(key, stored);
    return { layout: stored, ms: 0, source: 'storage' };
  }
  const result = await post({ seq: ++seq, ids, edges });
  memory.set(key, result.layout);
  writeStored(key, result.layout);
  return result;
}

function post(request: LayoutRequest): Promise<TimedLayout> {
  // Only the newest graph matters (the page shows one): a layout still running for an older
  // filter would delay this one by seconds on a large project, so that worker is dropped.
  if (worker && pending.size > 0) {
    worker.terminate();
    worker = undefined;
    for (const p of pending.values()) p.reject(new Error('superseded by a newer layout'));
    pending.clear();
  }
  worker ??= startWorker();
  return new Promise((resolve, reject) => {
    pending.set(request.seq, { resolve, reject });
    worker!.postMessage(request);
  });
}

/** Where the worker's code comes from: the static docs site carries it (a file:// page may not load a worker file). */
let workerUrl: URL | string | undefined;

function startWorker(): Worker {
  if (workerUrl === undefined) {
    const code = embeddedWorkerCode();
    // Otherwise the worker bundle sits beside app.js (scripts/build-web.mjs).
    workerUrl = code !== undefined ? URL.createObjectURL(new Blob([code], { type: 'text/javascript' })) : new URL('layout-worker.js', import.meta.url);
  }
  // A file:// page has an opaque origin, where Chromium refuses module workers even from a blob:
  // the bundle imports nothing, so it runs as a classic worker there.
  const w = new Worker(workerUrl, { type: typeof workerUrl === 'string' ? 'classic' : 'module', name: 'lineage-layout' });
  w.onmessage = (e: MessageEvent<LayoutResponse>) => {
    const r = e.data;
    const waiting = pending.get(r.seq);
    if (!waiting) return;
    pending.delete(r.seq);
    if ('error' in r) waiting.reject(new Error(r.error));
    else waiting.resolve({ layout: { pos: new Map(r.pos.map(([id, x, y]) => [id, { x, y }])), width: r.width, height: r.height }, ms: r.ms, source: 'worker' });
  };
  w.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(`the layout worker failed: ${e.message}`));
    pending.clear();
    worker = undefined;
  };
  return w;
}

/** A digest of the graph, so a cached layout is used only for exactly the same graph. */
async function graphKey(ids: string[], edges: [string, string][]): Promise<string> {
  const text = `${ids.join('\n')}\n--\n${edges.map((e) => e.join('>')).join('\n')}`;
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  // Not a secure context (served on a LAN address over plain HTTP): a 53-bit string hash.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}-${ids.length}-${edges.length}`;
}

interface StoredLayout {
  width: number;
  height: number;
  pos: [string, number, number][];
}

/** Keys of the stored layouts, most recent first. */
const INDEX_KEY = `${STORAGE_PREFIX}index`;

function readStored(key: string): Layout | undefined {
  try {
    const text = localStorage.getItem(STORAGE_PREFIX + key);
    if (!text) return undefined;
    const s = JSON.parse(text) as StoredLayout;
    return { pos: new Map(s.pos.map(([id, x, y]) => [id, { x, y }])), width: s.width, height: s.height };
  } catch {
    return undefined;
  }
}

function writeStored(key: string, layout: Layout): void {
  try {
    const pos: [string, number, number][] = [...layout.pos].map(([id, p]) => [id, Math.round(p.x), Math.round(p.y)]);
    const index = [key, ...((JSON.parse(localStorage.getItem(INDEX_KEY) ?? '[]') as string[]).filter((k) => k !== key))];
    for (const old of index.splice(STORAGE_KEEP)) localStorage.removeItem(STORAGE_PREFIX + old);
    localStorage.setItem(INDEX_KEY, JSON.stringify(index));
    localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify({ width: layout.width, height: layout.height, pos } satisfies StoredLayout));
  } catch {
    // Storage full or disabled: the in-memory cache still serves this page.
  }
}
