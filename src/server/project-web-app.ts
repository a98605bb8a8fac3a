import type { Adapter } from '../adapters/adapter.js';
import { targetDirOf, type ProjectSession } from '../run/project-session.js';
import { loadDashboards, type LoadedDashboards } from './dashboards/load-dashboards.js';
import type { BuildEventHub } from './live/build-events.js';
import type { RunHistoryProvider } from './runs/run-history.js';
import { pipelinesOfProject } from './runs/pipeline-schedules.js';
import { createWebApp, type WebAppHandler } from './web-app.js';

/** Options for serving an opened project. */
export interface ProjectWebAppOptions {
  /** Where dashboard queries run; default: the session's adapter. */
  warehouse?: () => Promise<Adapter>;
  runs?: RunHistoryProvider;
  events?: BuildEventHub;
  sqlExplorer?: boolean;
  assetsDir?: string;
  apiPrefix?: string;
}

/** The web app of an opened project, with its dashboards rendered through the project's renderer. */
export function createProjectWebApp(
  session: Pick<ProjectSession, 'loaded' | 'manifest' | 'renderer' | 'adapter'>,
  options: ProjectWebAppOptions = {},
): { handler: WebAppHandler; dashboards: LoadedDashboards } {
  const dashboards = loadDashboards({ projectDir: session.loaded.projectDir, manifest: session.manifest, renderer: session.renderer });
  const adapter = session.adapter;
  const warehouse = options.warehouse ?? (adapter ? async () => adapter : undefined);
  const handler = createWebApp({
    projectName: session.loaded.project.name,
    targetDir: targetDirOf(session),
    dashboards,
    ...(warehouse ? { warehouse } : {}),
    ...(options.runs ? { runs: options.runs } : {}),
    pipelines: async () => pipelinesOfProject(session.loaded.projectDir),
    ...(options.events ? { events: options.events } : {}),
    ...(options.sqlExplorer !== undefined ? { sqlExplorer: options.sqlExplorer } : {}),
    ...(options.assetsDir ? { assetsDir: options.assetsDir } : {}),
    assetPaths: session.loaded.project.assetPaths,
    ...(options.apiPrefix ? { apiPrefix: options.apiPrefix } : {}),
  });
  return { handler, dashboards };
}
