import { userError } from '../../core/diagnostic.js';
import type { RestSourceConfig } from '../config/ingest-config.js';

/** Longest wait the client accepts from a rate limit before giving up, in milliseconds. */
const MAX_RATE_LIMIT_WAIT_MS = 120_000;

/** Reads a dotted path (`pagination.cursor`) out of a JSON value. */
export function pick(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Counters a run reports (and tests check). */
export interface RestClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  tokenRequests: number;
}

/**
 * An HTTP client for one REST source: authentication (bearer, API key, OAuth client
 * credentials with refresh), retries with exponential backoff on 5xx, network errors and
 * timeouts, and rate limits (429 with `Retry-After`, `Ratelimit-Remaining`/`Ratelimit-Reset`).
 * Secrets never appear in its errors or logs.
 */
export class RestClient {
  readonly stats: RestClientStats = { requests: 0, retries: 0, rateLimited: 0, tokenRequests: 0 };
  private token: { value: string; expiresAt: number } | undefined;
  private pauseUntil = 0;

  constructor(
    private readonly config: RestSourceConfig,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Yields the record list of each page, in order, following the source's pagination. */
  async *pages(): AsyncGenerator<unknown[]> {
    const p = this.config.pagination;
    const params: Record<string, string> = { ...this.config.params };
    let page = p.type === 'page' ? p.startPage : 0;
    let offset = 0;
    // With Link pagination, the next page is a full URL the server gives, query string included.
    let nextUrl: string | undefined;
    for (let index = 0; index < this.config.maxPages; index++) {
      if (p.type === 'link' && p.pageSizeParam && p.pageSize && nextUrl === undefined) params[p.pageSizeParam] = String(p.pageSize);
      if (p.type === 'cursor' && p.pageSizeParam && p.pageSize) params[p.pageSizeParam] = String(p.pageSize);
      if (p.type === 'page') {
        params[p.pageParam] = String(page);
        if (p.pageSizeParam && p.pageSize) params[p.pageSizeParam] = String(p.pageSize);
      }
      if (p.type === 'offset') {
        params[p.offsetParam] = String(offset);
        params[p.limitParam] = String(p.limit);
      }
      const { body, headers } = await this.request(nextUrl ?? this.config.endpoint, nextUrl === undefined ? params : {});
      const records = pick(body, this.config.recordsPath);
      if (!Array.isArray(records)) {
        throw userError('rest-unexpected-response', `The response of ${this.describe(this.config.endpoint)} has no record list at '${this.config.recordsPath || '(top level)'}'.`,
          undefined, 'Set records_path to the field that holds the records.');
      }
      yield records;
      if (p.type === 'none') {
        if (nextLink(headers.get('link')) !== undefined) {
          this.log(`${this.config.name}: the response links a next page, but the source has no pagination; set pagination: { type: link } to follow it`);
        }
        return;
      }
      if (p.type === 'link') {
        const next = nextLink(headers.get('link'));
        if (next === undefined || records.length === 0) return;
        nextUrl = new URL(next, joinUrl(this.config.baseUrl, this.config.endpoint)).toString();
        continue;
      }
      if (p.type === 'cursor') {
        const cursor = pick(body, p.cursorPath);
        if (typeof cursor !== 'string' || cursor === '' || records.length === 0) return;
        params[p.cursorParam] = cursor;
      } else if (p.type === 'page') {
        const totalPages = p.totalPagesPath ? Number(pick(body, p.totalPagesPath)) : undefined;
        if (records.length === 0 || (totalPages !== undefined && page >= totalPages) || (p.pageSize && records.length < p.pageSize)) return;
        page++;
      } else {
        const total = p.totalPath ? Number(pick(body, p.totalPath)) : undefined;
        offset += records.length;
        if (records.length === 0 || records.length < p.limit || (total !== undefined && offset >= total)) return;
      }
    }
    throw userError('rest-too-many-pages', `Source '${this.config.name}' stopped after ${this.config.maxPages} pages.`, undefined, 'Raise max_pages if the API really has that many.');
  }

  /** GETs one URL relative to the base, with auth, retries and rate limiting; returns the parsed JSON. */
  async getJson(endpoint: string, params: Record<string, string>): Promise<unknown> {
    return (await this.request(endpoint, params)).body;
  }

  /** As getJson, with the response headers (for Link pagination). */
  private async request(endpoint: string, params: Record<string, string>): Promise<{ body: unknown; headers: Headers }> {
    const url = new URL(joinUrl(this.config.baseUrl, endpoint));
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const auth = this.config.auth;
    if (auth.type === 'api_key' && auth.in === 'query') url.searchParams.set(auth.header, auth.key);
    let refreshed = false;
    let lastProblem = '';
    const maxAttempts = Math.max(1, this.config.maxAttempts);
    // 429s are the server pacing us, not failures: they get their own, larger budget.
    let rateLimitBudget = maxAttempts * 4;
    for (let attempt = 1; attempt <= maxAttempts; ) {
      const wait = this.pauseUntil - Date.now();
      if (wait > 0) await sleep(Math.min(wait, MAX_RATE_LIMIT_WAIT_MS));
      const headers: Record<string, string> = { Accept: 'application/json', ...this.config.headers, ...(await this.authHeaders()) };
      this.stats.requests++;
      let response: Response;
      try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(this.config.timeoutMs) });
      } catch (error) {
        lastProblem = isTimeout(error) ? `no answer within ${this.config.timeoutMs / 1000} s` : `network error (${errorText(error)})`;
        await this.backoff(attempt++, lastProblem);
        continue;
      }
      this.noteRateLimit(response.headers);
      if (response.status === 429) {
        this.stats.rateLimited++;
        if (--rateLimitBudget < 0) {
          lastProblem = 'rate limited too many times';
          break;
        }
        const delay = retryAfterMs(response.headers) ?? this.config.backoffMs;
        if (delay > MAX_RATE_LIMIT_WAIT_MS) {
          throw userError('rest-rate-limited', `${this.describe(endpoint)} asks to wait ${Math.round(delay / 1000)} s before retrying.`);
        }
        await response.body?.cancel();
        this.log(`${this.config.name}: rate limited, waiting ${Math.round(delay)} ms`);
        await sleep(delay);
        continue;
      }
      if (response.status === 401 && auth.type === 'client_credentials' && !refreshed) {
        await response.body?.cancel();
        refreshed = true;
        this.token = undefined;
        continue;
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        lastProblem = `HTTP ${response.status}`;
        await this.backoff(attempt++, lastProblem);
        continue;
      }
      if (!response.ok) {
        const text = (await response.text()).slice(0, 200);
        throw userError('rest-http-error', `${this.describe(endpoint)} answered HTTP ${response.status}: ${this.redact(text)}`);
      }
      try {
        return { body: await response.json(), headers: response.headers };
      } catch (error) {
        lastProblem = `invalid JSON (${errorText(error)})`;
        await this.backoff(attempt++, lastProblem);
      }
    }
    throw userError('rest-request-failed', `${this.describe(endpoint)} failed after ${maxAttempts} attempt(s): ${lastProblem}.`, undefined,
      'The run wrote no snapshot; run it again later.');
  }

  private async backoff(attempt: number, problem: string): Promise<void> {
    if (attempt >= this.config.maxAttempts) return;
    this.stats.retries++;
    const delay = this.config.backoffMs * 2 ** (attempt - 1);
    this.log(`${this.config.name}: ${problem}, retrying in ${delay} ms`);
    await sleep(delay);
  }

  private noteRateLimit(headers: Headers): void {
    const remaining = headers.get('ratelimit-remaining');
    const reset = headers.get('ratelimit-reset');
    if (remaining !== null && Number(remaining) <= 0 && reset !== null) {
      const resetMs = resetToMs(reset);
      if (resetMs !== undefined) this.pauseUntil = Date.now() + resetMs;
    }
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const auth = this.config.auth;
    if (auth.type === 'bearer') return { Authorization: `Bearer ${auth.token}` };
    if (auth.type === 'api_key') return auth.in === 'header' ? { [auth.header]: auth.key } : {};
    if (auth.type !== 'client_credentials') return {};
    if (!this.token || this.token.expiresAt - Date.now() < 60_000) this.token = await this.fetchToken(auth);
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token.value}` };
    if (auth.clientIdHeader) headers[auth.clientIdHeader] = auth.clientId;
    return headers;
  }

  private async fetchToken(auth: Extract<RestSourceConfig['auth'], { type: 'client_credentials' }>): Promise<{ value: string; expiresAt: number }> {
    const form = new URLSearchParams({ client_id: auth.clientId, client_secret: auth.clientSecret, grant_type: 'client_credentials' });
    if (auth.scope) form.set('scope', auth.scope);
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.config.maxAttempts; attempt++) {
      this.stats.tokenRequests++;
      try {
        const response = await fetch(auth.tokenUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form.toString(),
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
        if (response.status >= 500 || response.status === 429) {
          await response.body?.cancel();
          lastProblem = `HTTP ${response.status}`;
        } else if (!response.ok) {
          await response.body?.cancel();
          throw userError('rest-auth-failed', `The token endpoint of source '${this.config.name}' refused the client credentials (HTTP ${response.status}).`,
            undefined, 'Check the client id and secret (they are read from the environment or the .env file).');
        } else {
          const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
          if (typeof body.access_token !== 'string') throw userError('rest-auth-failed', `The token endpoint of source '${this.config.name}' returned no access_token.`);
          const ttl = typeof body.expires_in === 'number' ? body.expires_in : 3600;
          return { value: body.access_token, expiresAt: Date.now() + ttl * 1000 };
        }
      } catch (error) {
        if (error instanceof Error && 'diagnostic' in error) throw error;
        lastProblem = isTimeout(error) ? 'timeout' : `network error (${errorText(error)})`;
      }
      await this.backoff(attempt, `token request: ${lastProblem}`);
    }
    throw userError('rest-auth-failed', `Could not get a token for source '${this.config.name}': ${lastProblem}.`);
  }

  /** `GET <host><path>` without the query string, which may carry secrets. */
  private describe(endpoint: string): string {
    const url = new URL(joinUrl(this.config.baseUrl, endpoint));
    return `GET ${url.origin}${url.pathname}`;
  }

  private redact(text: string): string {
    let out = text;
    const auth = this.config.auth;
    const secrets = auth.type === 'bearer' ? [auth.token] : auth.type === 'api_key' ? [auth.key] : auth.type === 'client_credentials' ? [auth.clientSecret] : [];
    if (this.token) secrets.push(this.token.value);
    for (const secret of secrets) if (secret) out = out.split(secret).join('***');
    return out;
  }
}

/** Joins a base URL and an endpoint path with exactly one slash. */
export function joinUrl(base: string, endpoint: string): string {
  if (!endpoint) return base;
  if (/^https?:\/\//.test(endpoint)) return endpoint;
  return `${base.replace(/\/+$/, '')}/${endpoint.replace(/^\/+/, '')}`;
}

/** The target of the `rel="next"` entry of a Link header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/** The wait a 429 asks for: `Retry-After` (seconds or a date), else `Ratelimit-Reset`. */
function retryAfterMs(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const reset = headers.get('ratelimit-reset');
  return reset === null ? undefined : resetToMs(reset);
}

/** `Ratelimit-Reset` is either seconds to wait (IETF draft) or an epoch second (Twitch). */
function resetToMs(value: string): number | undefined {
  const n = Number(value);
  if (!Number.isFinite(n)) return undefined;
  return n > 1_000_000_000 ? Math.max(0, n * 1000 - Date.now()) : Math.max(0, n * 1000);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : error.message;
  }
  return String(error);
}
