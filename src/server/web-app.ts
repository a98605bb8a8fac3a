import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Adapter } from '../adapters/adapter.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { publicDashboard } from './dashboards/dashboard-spec.js';
import { DashboardService } from './dashboards/dashboard-service.js';
import type { LoadedDashboards } from './dashboards/load-dashboards.js';
import { ArtifactReader } from './docs/artifacts.js';
import { DocsModel } from './docs/docs-model.js';
import { ApiError } from './http/api-error.js';
import { checkSameOrigin, readJsonBody, sendError, sendJson } from './http/respond.js';
import { defaultAssetsDir, serveAsset, serveProjectAsset } from './http/static-files.js';
import type { BuildEventHub } from './live/build-events.js';
import { freshnessReport } from './docs/freshness.js';
import { runFromResults, type PipelineInfo, type RunHistoryProvider } from './runs/run-history.js';
import { runExplorerQuery } from './sql-explorer.js';

/** What the web app serves and where it reads from. */
export interface WebAppOptions {
  /** The project's name (for dashboard exposures' unique_ids). */
  projectName: string;
  /** Absolute path of the target folder holding manifest.json, catalog.json and run_results.json. */
  targetDir: string;
  /** The project's dashboards, loaded and rendered at start (see loadDashboards). */
  dashboards?: LoadedDashboards;
  /** The warehouse for dashboard queries; called on first use so a server can start before it opens. */
  warehouse?: () => Promise<Adapter>;
  /** The orchestrator's run history and pipelines; without it, runs come from run_results.json. */
  runs?: RunHistoryProvider;
  /** Pipelines and their schedules when no orchestrator provides them (read from pipelines.yml). */
  pipelines?: () => Promise<PipelineInfo[]>;
  /** Live build progress for server-sent events. */
  events?: BuildEventHub;
  /** Serve the read-only SQL explorer (off unless asked for). */
  sqlExplorer?: boolean;
  /** Folder of the built browser app; default: the package's dist/web. */
  assetsDir?: string;
  /** The project's asset-paths, which `docs generate` copies into targetDir: served from there, as dbt's docs server serves its target folder. */
  assetPaths?: readonly string[];
  /** Where the JSON API is mounted; default `/api/web`. */
  apiPrefix?: string;
}

/** A request handler: resolves true when it answered, false when the route belongs to someone else. */
export type WebAppHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & {
  /** Ends open event streams. */
  close(): void;
};

/**
 * The web app (dashboards, docs, lineage, runs) as a plain node:http handler, so it can be
 * mounted on the orchestrator's server or served alone by `reelhouse docs serve`.
 */
export function createWebApp(options: WebAppOptions): WebAppHandler {
  const prefix = (options.apiPrefix ?? '/api/web').replace(/\/$/, '');
  const assetsDir = options.assetsDir ?? defaultAssetsDir();
  const reader = new ArtifactReader(options.targetDir);
  const dashboards = options.dashboards ?? { dashboards: [], diagnostics: [] };
  const noWarehouse = async (): Promise<Adapter> => {
    throw new ApiError(503, 'warehouse-unavailable', 'No warehouse is connected to this server');
  };
  const warehouse = options.warehouse ?? noWarehouse;
  const service = new DashboardService(dashboards.dashboards, warehouse);
  let docs: { version: string; model: DocsModel } | undefined;

  const docsModel = async (): Promise<DocsModel> => {
    const artifacts = await reader.read();
    if (!artifacts.manifest) {
      throw new ApiError(404, 'manifest-missing', 'target/manifest.json was not found: run `reelhouse build` or `reelhouse docs generate` first');
    }
    if (!docs || docs.version !== artifacts.version) {
      docs = { version: artifacts.version, model: new DocsModel(artifacts, dashboards.dashboards, options.projectName) };
    }
    return docs.model;
  };

  const routes: Route[] = [
    get('/health', async () => ({
      ok: true,
      project: options.projectName,
      features: {
        orchestrator: options.runs !== undefined,
        runPipelines: options.runs?.triggerPipeline !== undefined,
        sqlExplorer: options.sqlExplorer === true,
        liveEvents: options.events !== undefined,
        warehouse: options.warehouse !== undefined,
      },
    })),
    get('/dashboards', async () => ({
      dashboards: dashboards.dashboards.map(publicDashboard),
      problems: dashboards.diagnostics.map(publicDiagnostic),
    })),
    get('/dashboards/:name', async ({ name }) => publicDashboard(service.get(name!))),
    get('/dashboards/:name/defaults', async ({ name }) => ({ filters: await service.filterDefaults(name!) })),
    get('/dashboards/:name/filters/:filter/options', async ({ name, filter }) => ({ values: await service.filterOptions(name!, filter!) })),
    post('/dashboards/:name/tiles/:tile', async ({ name, tile }, body) => {
      const filters = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).filters : undefined;
      const extra = body !== null && typeof body === 'object' ? Object.keys(body as object).filter((k) => k !== 'filters') : [];
      if (extra.length > 0) throw new ApiError(400, 'body-invalid', `Unexpected field '${extra[0]}': send only {"filters": {...}}`);
      return service.runTile(name!, tile!, filters);
    }),
    get('/docs/index', async () => {
      const m = await docsModel();
      const meta = (m.artifacts.manifest?.metadata as Record<string, unknown> | undefined) ?? {};
      return {
        project: options.projectName,
        generatedAt: meta.generated_at ?? null,
        catalogGeneratedAt: (m.artifacts.catalog?.metadata as Record<string, unknown> | undefined)?.generated_at ?? null,
        entries: m.index,
      };
    }),
    get('/docs/nodes/:id', async ({ id }) => {
      const detail = (await docsModel()).detail(id!);
      if (!detail) throw new ApiError(404, 'node-not-found', `No node '${id}' in the manifest`);
      return detail;
    }),
    get('/lineage', async () => (await docsModel()).lineage),
    get('/runs', async () => {
      if (options.runs) return { source: 'orchestrator', runs: await options.runs.listRuns(100) };
      const artifacts = await reader.read();
      const run = runFromResults(artifacts.runResults, artifacts.manifest);
      if (!run) return { source: 'run_results', runs: [] };
      const { nodes: _nodes, error: _error, ...summary } = run;
      return { source: 'run_results', runs: [summary] };
    }),
    get('/runs/:id', async ({ id }) => {
      if (options.runs) {
        const run = await options.runs.getRun(id!);
        if (!run) throw new ApiError(404, 'run-not-found', `No run '${id}'`);
        return run;
      }
      const artifacts = await reader.read();
      const run = runFromResults(artifacts.runResults, artifacts.manifest);
      if (!run || (run.id !== id && id !== 'last')) throw new ApiError(404, 'run-not-found', `No run '${id}'`);
      return run;
    }),
    get('/pipelines', async () => ({
      pipelines: options.runs?.listPipelines ? await options.runs.listPipelines() : options.pipelines ? await options.pipelines() : [],
    })),
    get('/freshness', async () => {
      const artifacts = await reader.read();
      return freshnessReport(artifacts.sources, artifacts.manifest);
    }),
    post('/pipelines/:name/run', async ({ name }) => {
      if (!options.runs?.triggerPipeline) throw new ApiError(404, 'orchestrator-missing', 'Pipelines run only under `reelhouse serve`');
      return options.runs.triggerPipeline(name!);
    }),
    post('/sql', async (_params, body) => {
      if (!options.sqlExplorer) throw new ApiError(404, 'sql-explorer-off', 'The SQL explorer is off; start the server with --sql-explorer');
      return runExplorerQuery(await warehouse(), body);
    }),
  ];

  const handler = (async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === `${prefix}/events`) {
      if (!options.events) {
        sendJson(res, 404, { error: { code: 'events-off', message: 'No live build events on this server' } });
        return true;
      }
      const last = req.headers['last-event-id'];
      options.events.attach(res, typeof last === 'string' ? last : undefined);
      return true;
    }
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      const sub = path.slice(prefix.length) || '/';
      for (const route of routes) {
        const params = route.match(sub);
        if (!params) continue;
        if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) continue;
        try {
          let body: unknown;
          if (route.method === 'POST') {
            checkSameOrigin(req);
            body = await readJsonBody(req);
          }
          sendJson(res, 200, await route.run(params, body));
        } catch (error) {
          sendError(res, error);
        }
        return true;
      }
      const known = routes.some((r) => r.match(sub));
      sendJson(res, known ? 405 : 404, { error: { code: known ? 'method-not-allowed' : 'not-found', message: `${req.method} ${path} is not an API route` } });
      return true;
    }
    if (path.startsWith('/api/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (serveProjectAsset(req, res, options.targetDir, options.assetPaths ?? [], path)) return true;
    return serveAsset(req, res, assetsDir, path === '/' ? '/index.html' : path);
  }) as WebAppHandler;
  handler.close = () => options.events?.close();
  return handler;
}

interface Route {
  method: 'GET' | 'POST';
  match(path: string): Record<string, string> | undefined;
  run(params: Record<string, string>, body: unknown): Promise<unknown>;
}

function route(method: 'GET' | 'POST', pattern: string, run: Route['run']): Route {
  const parts = pattern.split('/').filter(Boolean);
  return {
    method,
    run,
    match(path) {
      const segments = path.split('/').filter(Boolean);
      if (segments.length !== parts.length) return undefined;
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        let segment: string;
        try {
          segment = decodeURIComponent(segments[i]!);
        } catch {
          return undefined;
        }
        if (part.startsWith(':')) params[part.slice(1)] = segment;
        else if (part !== segment) return undefined;
      }
      return params;
    },
  };
}

const get = (pattern: string, run: (params: Record<string, string>) => Promise<unknown>): Route => route('GET', pattern, (p) => run(p));
const post = (pattern: string, run: Route['run']): Route => route('POST', pattern, run);

function publicDiagnostic(d: Diagnostic): Record<string, unknown> {
  return { code: d.code, message: d.message, file: d.location?.file ?? null, line: d.location?.line ?? null, hint: d.hint ?? null };
}
