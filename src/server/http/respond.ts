import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';

/** Writes a JSON answer; responses are never cached, since artifacts change under a running server. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/** Writes an error answer `{error: {code, message}}`. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof ApiError) {
    sendJson(res, error.status, { error: { code: error.code, message: error.message } });
    return;
  }
  const diagnostic = (error as { diagnostic?: { code: string; message: string } }).diagnostic;
  if (diagnostic) {
    sendJson(res, 400, { error: { code: diagnostic.code, message: diagnostic.message } });
    return;
  }
  sendJson(res, 500, { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } });
}

/** Reads a JSON request body of at most `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) throw new ApiError(415, 'content-type', 'Send the request body as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError(413, 'body-too-large', `The request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'body-invalid', 'The request body is not valid JSON');
  }
}

/**
 * Refuses cross-site writes: a page on another origin may not make this server run queries or builds.
 * Browsers send Origin on POST; requests without it (curl, tests) are allowed.
 */
export function checkSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const host = req.headers.host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError(403, 'origin-refused', 'Requests from other sites are refused');
  }
  if (originHost !== host) throw new ApiError(403, 'origin-refused', 'Requests from other sites are refused');
}
