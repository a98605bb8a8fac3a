import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers one request; `params` holds the `:name` parts of the matched pattern. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => void | Promise<void>;

interface Route {
  method: string;
  parts: string[];
  handler: RouteHandler;
}

/**
 * A small framework-free router for node:http. Other modules add their routes to the server's
 * router before or after it starts:
 *
 *   handle.router.get('/api/dashboards/:id', async (req, res, { id }) => sendJson(res, 200, ...));
 *   handle.router.get('/assets/*', serveStatic);   // `*` at the end matches the rest of the path
 *
 * Routes are tried in the order they were added; the first whose method and pattern match
 * answers. Unmatched requests get a JSON 404, handlers that throw a JSON 500.
 */
export class HttpRouter {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  get(pattern: string, handler: RouteHandler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: RouteHandler): this {
    return this.add('POST', pattern, handler);
  }

  /** Answers the request if a route matches; returns false otherwise (nothing written). */
  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    for (const route of this.routes) {
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue;
      const params = match(route.parts, segments);
      if (!params) continue;
      await route.handler(req, res, params, url);
      return true;
    }
    return false;
  }

  /** The request listener to give http.createServer. */
  listener(): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      this.dispatch(req, res)
        .then((handled) => {
          if (!handled) sendJson(res, 404, { error: `no route for ${req.method} ${req.url}` });
        })
        .catch((error: unknown) => {
          if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
          else res.end();
        });
    };
  }
}

function match(parts: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '*' && i === parts.length - 1) {
      params['*'] = segments.slice(i).join('/');
      return params;
    }
    const seg = segments[i];
    if (seg === undefined) return undefined;
    if (part.startsWith(':')) params[part.slice(1)] = seg;
    else if (part !== seg) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a JSON request body (at most `limit` bytes). */
export async function readJsonBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}
