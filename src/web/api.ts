// Calls to the server's JSON API (or, in the static docs site, reads of the answers embedded in the page).
import { embeddedAnswers, isStaticSite, NEEDS_SERVER } from './embedded.js';

const BASE = '/api/web';

/** An API answer that was an error, with the server's message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiFailure(res.status, 'bad-response', `The server answered ${res.status} ${res.statusText}`);
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } }).error;
    throw new ApiFailure(res.status, error?.code ?? 'error', error?.message ?? `The server answered ${res.status}`);
  }
  return body as T;
}

/** GET a JSON resource of the API. */
export async function getJson<T>(path: string): Promise<T> {
  const embedded = embeddedAnswers();
  if (embedded) {
    const answers = await embedded;
    if (answers.has(path)) return answers.get(path) as T;
    throw notInStaticSite(path);
  }
  return parse<T>(await fetch(BASE + path, { headers: { accept: 'application/json' } }));
}

/** POST a JSON body to the API. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  if (isStaticSite()) throw notInStaticSite(path);
  return parse<T>(
    await fetch(BASE + path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }),
  );
}

/** A request the static docs site has no answer for: a node it does not hold, or a live-only page. */
function notInStaticSite(path: string): ApiFailure {
  return path.startsWith('/docs/nodes/')
    ? new ApiFailure(404, 'node-not-found', `No node '${decodeURIComponent(path.slice('/docs/nodes/'.length))}' in these docs`)
    : new ApiFailure(503, 'needs-server', NEEDS_SERVER);
}

/** The live build event stream. */
export function buildEvents(): EventSource {
  return new EventSource(`${BASE}/events`);
}

const cache = new Map<string, Promise<unknown>>();

/** GET once per page load (for data that does not change while reading, e.g. the docs index). */
export function getCached<T>(path: string): Promise<T> {
  let p = cache.get(path);
  if (!p) {
    p = getJson<T>(path);
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p as Promise<T>;
}

/** Forgets cached answers (after a build finished). */
export function clearCache(): void {
  cache.clear();
}
