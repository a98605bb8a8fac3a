import { isReelhouseError } from '../core/diagnostic.js';
import type { LogSink } from '../run/logger.js';
import { readJsonBody, sendJson, type HttpRouter } from './http-router.js';
import { findPipeline, type PipelinesConfig } from './pipeline-config.js';
import { runPipeline } from './pipeline-runner.js';
import type { ServeHandle } from './serve.js';

/** One line of a job's output stream (`application/x-ndjson`), the last one carrying the exit code. */
export type JobStreamLine = { type: 'out' | 'err'; line: string } | { type: 'exit'; code: number };

/** Commands that schedule their own warehouse work through the queue and must not hold it themselves. */
const SELF_QUEUEING = new Set(['pipeline', 'runs']);

/**
 * The server's own API:
 * - `GET /api/health`: who owns the warehouse, how many jobs are queued;
 * - `POST /api/jobs` `{argv, cwd?}`: runs a Reelhouse command line here, streaming its output as
 *   JSON lines and ending with `{"type":"exit","code":N}`;
 * - `GET /api/runs?last=N`, `GET /api/runs/:id`: the run history;
 * - `GET /api/pipelines`, `POST /api/pipelines/:name/run`: pipelines and a manual start;
 * - `POST /api/query` `{sql}`: one read-only statement on a snapshot, answered beside running builds.
 */
export function registerJobRoutes(router: HttpRouter, serve: ServeHandle, pipelines: PipelinesConfig): void {
  router.get('/api/health', (_req, res) => {
    sendJson(res, 200, { pid: process.pid, projectDir: serve.projectDir, jobs: serve.queue.size, url: serve.url });
  });

  router.post('/api/jobs', async (req, res) => {
    const body = (await readJsonBody(req)) as { argv?: unknown; cwd?: unknown };
    if (!Array.isArray(body.argv) || !body.argv.every((a) => typeof a === 'string')) {
      sendJson(res, 400, { error: 'argv must be a list of strings' });
      return;
    }
    const argv = body.argv as string[];
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
    const send = (line: JobStreamLine): void => {
      if (!res.writableEnded) res.write(`${JSON.stringify(line)}\n`);
    };
    const sink: LogSink = { out: (line) => send({ type: 'out', line }), err: (line) => send({ type: 'err', line }) };
    const ahead = serve.queue.size;
    if (ahead > 0 && !SELF_QUEUEING.has(argv[0] ?? '')) sink.err(`(waiting for ${ahead} job${ahead === 1 ? '' : 's'} ahead of this one on the server)`);
    const run = (): Promise<number> => serve.context.runCommand(argv, { sink, ...(typeof body.cwd === 'string' ? { cwd: body.cwd } : {}) });
    let code: number;
    try {
      code = SELF_QUEUEING.has(argv[0] ?? '') ? await run() : await serve.queue.run(run);
    } catch (error) {
      sink.err(isReelhouseError(error) ? error.diagnostic.message : `Error: ${error instanceof Error ? error.message : String(error)}`);
      code = 2;
    }
    send({ type: 'exit', code });
    res.end();
  });

  router.get('/api/runs', (_req, res, _params, url) => {
    const last = Number(url.searchParams.get('last') ?? 50);
    sendJson(res, 200, { runs: serve.store.read().runs.slice(0, Number.isFinite(last) && last > 0 ? last : 50) });
  });

  router.get('/api/runs/:id', (_req, res, { id }) => {
    const history = serve.store.read();
    const run = history.runs.find((r) => r.id === id);
    if (!run) sendJson(res, 404, { error: `no run ${id}` });
    else sendJson(res, 200, { run, steps: history.steps.filter((s) => s.runId === id), nodes: history.nodes.filter((n) => n.runId === id) });
  });

  router.get('/api/pipelines', (_req, res) => {
    const next = new Map((serve.scheduler?.nextRuns() ?? []).map((n) => [n.pipeline, n.next]));
    sendJson(res, 200, {
      pipelines: pipelines.pipelines.map((p) => ({
        name: p.name,
        description: p.description ?? null,
        steps: p.steps.map((s) => s.name),
        schedule: p.schedule ?? null,
        nextRun: next.get(p.name) ?? null,
      })),
    });
  });

  router.post('/api/pipelines/:name/run', (_req, res, { name }) => {
    let pipeline;
    try {
      pipeline = findPipeline(pipelines, name!);
    } catch (error) {
      sendJson(res, 404, { error: isReelhouseError(error) ? error.diagnostic.message : String(error) });
      return;
    }
    const run = runPipeline(serve.context, pipeline, { trigger: 'manual' });
    void run.catch(() => undefined);
    sendJson(res, 202, { started: true, pipeline: name });
  });

  router.post('/api/query', async (req, res) => {
    const body = (await readJsonBody(req)) as { sql?: unknown; maxRows?: unknown };
    if (typeof body.sql !== 'string') {
      sendJson(res, 400, { error: 'sql must be a string' });
      return;
    }
    try {
      const result = await serve.adapter.execute(body.sql, { session: 'reader', maxRows: typeof body.maxRows === 'number' ? body.maxRows : 10_000 });
      sendJson(res, 200, result);
    } catch (error) {
      sendJson(res, 400, { error: isReelhouseError(error) ? error.diagnostic.message : String(error) });
    }
  });
}
