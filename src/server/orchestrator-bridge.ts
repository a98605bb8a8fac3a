// Mounts the web app on `reelhouse serve`: runs and pipelines come from the orchestrator's store.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadPipelines, runPipeline, type ServeHandle } from '../orchestrate/index.js';
import { pipelineInfo } from './runs/pipeline-schedules.js';
import type { PipelineInfo, RunDetail, RunHistoryProvider, RunSummary } from './runs/run-history.js';
import type { WebAppHandler } from './web-app.js';

/** The orchestrator's run history, pipelines and "run now", in the web app's terms. */
export function orchestratorRuns(serve: ServeHandle): RunHistoryProvider {
  const summary = (run: ReturnType<ServeHandle['store']['read']>['runs'][number], nodes: { status: string }[]): RunSummary => {
    const counts: Record<string, number> = {};
    for (const n of nodes) counts[n.status] = (counts[n.status] ?? 0) + 1;
    const elapsed = run.finishedAt ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 : null;
    return {
      id: run.id,
      pipeline: run.pipeline,
      command: null,
      status: run.status === 'failed' ? 'error' : run.status,
      trigger: run.trigger,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      elapsedSeconds: elapsed,
      counts,
    };
  };
  const pipelines = () => loadPipelines(serve.projectDir).pipelines;
  return {
    async listRuns(limit) {
      const history = serve.store.read();
      return [...history.runs]
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, limit)
        .map((r) => summary(r, history.nodes.filter((n) => n.runId === r.id)));
    },
    async getRun(id): Promise<RunDetail | undefined> {
      const history = serve.store.read();
      const run = history.runs.find((r) => r.id === id);
      if (!run) return undefined;
      const nodes = history.nodes.filter((n) => n.runId === id);
      return {
        ...summary(run, nodes),
        error: run.error,
        nodes: nodes.map((n) => ({
          uniqueId: n.uniqueId,
          name: n.uniqueId.split('.').slice(2).join('.') || n.uniqueId,
          resourceType: n.uniqueId.split('.')[0] ?? 'node',
          status: n.status,
          thread: n.step,
          startedAt: n.startedAt,
          completedAt: n.completedAt,
          executionTime: n.executionTime,
          message: n.message,
          failures: null,
          compiledCode: null,
        })),
      };
    },
    async listPipelines(): Promise<PipelineInfo[]> {
      const history = serve.store.read();
      const next = new Map((serve.scheduler?.nextRuns() ?? []).map((n) => [n.pipeline, n.next]));
      return pipelines().map((p) => {
        const last = history.runs.filter((r) => r.pipeline === p.name).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
        return pipelineInfo(p, {
          projectDir: serve.projectDir,
          schedulerActive: serve.scheduler !== undefined,
          ...(serve.scheduler ? { nextRunAt: next.get(p.name) ?? null } : {}),
          lastRun: last ? summary(last, history.nodes.filter((n) => n.runId === last.id)) : null,
        });
      });
    },
    async triggerPipeline(name) {
      const pipeline = pipelines().find((p) => p.name === name);
      if (!pipeline) throw Object.assign(new Error(`No pipeline named '${name}'`), { diagnostic: { code: 'pipeline-not-found', message: `No pipeline named '${name}'` } });
      const before = new Set(serve.store.read().runs.map((r) => r.id));
      void runPipeline(serve.context, pipeline, { trigger: 'manual' }).catch(() => undefined);
      // The run is recorded as soon as it starts; answer with its id.
      for (let i = 0; i < 50; i++) {
        const started = serve.store.read().runs.find((r) => r.pipeline === name && !before.has(r.id));
        if (started) return { runId: started.id };
        await new Promise((r) => setTimeout(r, 20));
      }
      return { runId: 'pending' };
    },
  };
}

/** Adds the web app to the serve process's router: its API under /api/web and the app at every other GET path. */
export function mountWebApp(serve: ServeHandle, handler: WebAppHandler): void {
  const forward = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const handled = await handler(req, res);
    if (!handled && !res.headersSent) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not-found', message: `no route for ${req.method} ${req.url}` } }));
    }
  };
  serve.router.get('/api/web/*', forward);
  serve.router.post('/api/web/*', forward);
  serve.router.get('/', forward);
  serve.router.get('/*', forward);
}
