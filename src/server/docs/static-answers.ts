// The API answers a static docs site needs (health, docs index, lineage, every node's page),
// asked of the live web app handler in-process, so the static site shows exactly what
// `reelhouse docs serve` would.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { userError, type ReelhouseError } from '../../core/diagnostic.js';
import type { WebAppHandler } from '../web-app.js';

/** API answers keyed by the path the browser asks for (below the API prefix), e.g. `/docs/index`. */
export type StaticAnswers = Record<string, unknown>;

/** One answer of the handler: its status and parsed JSON body. */
interface Answer {
  status: number;
  body: unknown;
}

/**
 * Asks the handler every GET the docs, lineage and search pages make. Fails (as a value) when
 * the docs index itself cannot be answered, e.g. target/manifest.json is missing.
 */
export async function collectStaticAnswers(handler: WebAppHandler, options: { apiPrefix?: string; targetDir: string }): Promise<StaticAnswers | ReelhouseError> {
  const prefix = (options.apiPrefix ?? '/api/web').replace(/\/$/, '');
  const ask = (path: string): Promise<Answer> => answerInProcess(handler, prefix + path);
  const answers: StaticAnswers = {};
  for (const path of ['/health', '/docs/index', '/lineage']) {
    const a = await ask(path);
    if (a.status !== 200) {
      const message = (a.body as { error?: { message?: string } } | undefined)?.error?.message ?? `answered ${a.status}`;
      return userError('docs-static-failed', `The docs site could not be written: ${path}: ${message}`, { file: join(options.targetDir, 'manifest.json') });
    }
    answers[path] = a.body;
  }
  // Every node reachable from the pages: the index, the lineage and the neighbours a node page links to.
  const index = answers['/docs/index'] as { entries: { id: string }[] };
  const lineage = answers['/lineage'] as { nodes: { id: string }[] };
  const queue = [...index.entries.map((e) => e.id), ...lineage.nodes.map((n) => n.id)];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const path = `/docs/nodes/${encodeURIComponent(id)}`;
    const a = await ask(path);
    // A neighbour the manifest does not hold: the page shows "Not found" live too.
    if (a.status !== 200) continue;
    answers[path] = a.body;
    const detail = a.body as { parents?: { id: string }[]; children?: { id: string }[] };
    for (const n of [...(detail.parents ?? []), ...(detail.children ?? [])]) if (!seen.has(n.id)) queue.push(n.id);
  }
  return answers;
}

/**
 * Runs one GET through the handler without a socket: the request carries only what the API
 * routes read (method, url, headers) and the response collects what sendJson writes.
 */
async function answerInProcess(handler: WebAppHandler, url: string): Promise<Answer> {
  let status = 0;
  let text = '';
  const req = { method: 'GET', url, headers: { accept: 'application/json' } } as unknown as IncomingMessage;
  const res = {
    writeHead(code: number) {
      status = code;
      return res;
    },
    end(chunk?: string | Buffer) {
      if (chunk !== undefined) text += chunk.toString();
      return res;
    },
  } as unknown as ServerResponse;
  const answered = await handler(req, res);
  if (!answered) return { status: 404, body: undefined };
  return { status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
