import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { userError } from '../../core/diagnostic.js';

/**
 * A scripted failure: the `request`-th call of `/helix/streams` (1-based) and the next
 * `times - 1` answer `status`, or, with `delayMs`, answer normally but that much later.
 */
export interface DemoApiFault {
  request: number;
  status?: number;
  delayMs?: number;
  /** Seconds sent in `Retry-After` (429 only). */
  retryAfter?: number;
  times?: number;
}

/** Options of the demo service's API server. */
export interface DemoApiOptions {
  /** The folder `reelhouse generate` wrote (it reads `api/streams.ndjson` and `api/titles.ndjson`). */
  dataDir: string;
  port?: number;
  host?: '127.0.0.1';
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  tokenTtlSeconds?: number;
  /** Shift every third page back by one record, so a stream shows up on two pages (default true). */
  cursorDrift?: boolean;
  faults?: DemoApiFault[];
}

/** A running demo API. */
export interface DemoApiServer {
  url: string;
  /** Requests served so far, by route, for tests and the demo's health page. */
  stats: { token: number; streams: number; titles: number };
  close(): Promise<void>;
}

/** Credentials the demo API accepts unless told otherwise. */
export const DEMO_CLIENT_ID = 'reelhouse-demo-client';
export const DEMO_CLIENT_SECRET = 'reelhouse-demo-secret';
export const DEMO_API_KEY = 'reelhouse-demo-key';

type Json = Record<string, unknown>;

/**
 * Serves the demo service's catalog and live streams over HTTP on loopback, in the shapes of the
 * real APIs: an OAuth client-credentials token endpoint (`POST /oauth2/token`), Twitch Helix
 * `GET /helix/streams` with `first`/`after` cursor pagination, viewer-count ordering and
 * `Ratelimit-*` headers, and `GET /catalog/titles` with page or offset pagination behind an API key.
 * Each pagination pass of `/helix/streams` (a request without `after`) serves the next hourly snapshot.
 */
export async function startDemoApiServer(options: DemoApiOptions): Promise<DemoApiServer> {
  const streamsFile = join(options.dataDir, 'api', 'streams.ndjson');
  const titlesFile = join(options.dataDir, 'api', 'titles.ndjson');
  if (!existsSync(streamsFile) || !existsSync(titlesFile)) {
    throw userError('demo-data-missing', `No demo API data in ${options.dataDir}.`, undefined, 'Run `reelhouse generate` first.');
  }
  const snapshots = groupSnapshots(readNdjson(streamsFile));
  const titles = readNdjson(titlesFile);
  const clientId = options.clientId ?? DEMO_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEMO_CLIENT_SECRET;
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  const ttl = options.tokenTtlSeconds ?? 3600;
  const drift = options.cursorDrift ?? true;
  const tokens = new Map<string, number>();
  const stats = { token: 0, streams: 0, titles: 0 };
  let nextSnapshot = 0;
  let remaining = 800;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const rateHeaders = (): Record<string, string> => {
    remaining = remaining <= 1 ? 800 : remaining - 1;
    return { 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': String(remaining), 'Ratelimit-Reset': String(Math.ceil(Date.now() / 1000) + 60) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      stats.token++;
      const form = new URLSearchParams(await readBody(req));
      for (const [k, v] of url.searchParams) if (!form.has(k)) form.set(k, v);
      if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { status: 400, message: 'unsupported grant_type' });
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        return send(res, 403, { status: 403, message: 'invalid client secret' });
      }
      const token = randomBytes(15).toString('hex');
      tokens.set(token, Date.now() + ttl * 1000);
      return send(res, 200, { access_token: token, expires_in: ttl, token_type: 'bearer' });
    }
    if (url.pathname === '/helix/streams' && req.method === 'GET') {
      stats.streams++;
      const fault = options.faults?.find((f) => stats.streams >= f.request && stats.streams < f.request + (f.times ?? 1));
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.status) {
        const headers: Record<string, string> = fault.status === 429 ? { 'Retry-After': String(fault.retryAfter ?? 1), 'Ratelimit-Remaining': '0' } : {};
        return send(res, fault.status, { error: fault.status === 429 ? 'Too Many Requests' : 'Internal Server Error', status: fault.status, message: '' }, headers);
      }
      const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
      const expires = auth ? tokens.get(auth[1] ?? '') : undefined;
      if (expires === undefined || expires < Date.now()) return send(res, 401, { error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' });
      if (req.headers['client-id'] !== clientId) return send(res, 401, { error: 'Unauthorized', status: 401, message: 'Client ID and OAuth token do not match' });
      return send(res, 200, streamsPage(url.searchParams), rateHeaders());
    }
    if (url.pathname === '/catalog/titles' && req.method === 'GET') {
      stats.titles++;
      const key = req.headers['x-api-key'] ?? url.searchParams.get('api_key');
      if (key !== apiKey) return send(res, 401, { error: 'missing or invalid API key' });
      return send(res, 200, titlesPage(url.searchParams), rateHeaders());
    }
    send(res, 404, { error: 'Not Found', status: 404, message: `no route ${req.method} ${url.pathname}` });
  };

  const streamsPage = (params: URLSearchParams): Json => {
    const first = clamp(Number(params.get('first') ?? 20), 1, 100);
    const after = params.get('after');
    let snapshot: number;
    let offset: number;
    let page: number;
    if (after) {
      const cursor = decodeCursor(after);
      snapshot = cursor.s;
      offset = cursor.o;
      page = cursor.p;
    } else {
      snapshot = nextSnapshot;
      nextSnapshot = (nextSnapshot + 1) % Math.max(1, snapshots.length);
      offset = 0;
      page = 0;
    }
    let rows = snapshots[snapshot] ?? [];
    const gameIds = params.getAll('game_id');
    const languages = params.getAll('language');
    const logins = params.getAll('user_login');
    if (gameIds.length) rows = rows.filter((r) => gameIds.includes(String(r.game_id)));
    if (languages.length) rows = rows.filter((r) => languages.includes(String(r.language)));
    if (logins.length) rows = rows.filter((r) => logins.includes(String(r.user_login)));
    const data = rows.slice(offset, offset + first).map(({ snapshot_ts: _drop, ...stream }) => stream);
    // Viewer counts move while a client pages; the real API then repeats a stream on the next page.
    const next = offset + first - (drift && page % 3 === 1 ? 1 : 0);
    const pagination = next < rows.length && data.length > 0 ? { cursor: encodeCursor({ s: snapshot, o: next, p: page + 1 }) } : {};
    return { data, pagination };
  };

  const titlesPage = (params: URLSearchParams): Json => {
    if (params.has('offset')) {
      const offset = Math.max(0, Number(params.get('offset')) || 0);
      const limit = clamp(Number(params.get('limit') ?? 50), 1, 500);
      return { data: titles.slice(offset, offset + limit), offset, limit, total: titles.length };
    }
    const perPage = clamp(Number(params.get('per_page') ?? 50), 1, 500);
    const page = Math.max(1, Number(params.get('page')) || 1);
    return {
      data: titles.slice((page - 1) * perPage, page * perPage),
      page, per_page: perPage, total: titles.length, total_pages: Math.ceil(titles.length / perPage),
    };
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'Internal Server Error' }));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
  return {
    url: `http://${host}:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readNdjson(path: string): Json[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);
}

function groupSnapshots(rows: Json[]): Json[][] {
  const byTime = new Map<string, Json[]>();
  for (const row of rows) {
    const key = String(row.snapshot_ts);
    byTime.set(key, [...(byTime.get(key) ?? []), row]);
  }
  return [...byTime.keys()].sort().map((k) => byTime.get(k) ?? []);
}

function encodeCursor(c: { s: number; o: number; p: number }): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): { s: number; o: number; p: number } {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { s?: unknown; o?: unknown; p?: unknown };
    return { s: Number(c.s) || 0, o: Number(c.o) || 0, p: Number(c.p) || 0 };
  } catch {
    return { s: 0, o: 0, p: 0 };
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.floor(n))) : lo;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
