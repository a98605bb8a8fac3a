// The HTTP side of the web app: dashboards as code, docs and lineage, runs, live build events.
export { createWebApp, type WebAppOptions, type WebAppHandler } from './web-app.js';
export { createProjectWebApp, type ProjectWebAppOptions } from './project-web-app.js';
export { serveWebApp, type RunningServer } from './serve-web-app.js';
export { loadDashboards, parseDashboardFile, type LoadedDashboards, type DashboardRenderer } from './dashboards/load-dashboards.js';
export type { DashboardSpec, FilterSpec, TileSpec } from './dashboards/dashboard-spec.js';
export { DashboardService, type TileResult } from './dashboards/dashboard-service.js';
export { generateCatalog, CATALOG_SCHEMA_VERSION, type CatalogOptions } from './docs/catalog.js';
export { catalogFromRows, usedSchemas, type CatalogRow } from './docs/catalog-rows.js';
export { dashboardExposures } from './docs/dashboard-exposures.js';
export { BuildEventHub, type BuildEvent } from './live/build-events.js';
export type { RunHistoryProvider, RunSummary, RunDetail, RunNode, PipelineInfo } from './runs/run-history.js';
export { orchestratorRuns, mountWebApp } from './orchestrator-bridge.js';
export { CommandRunLog, withCommandRuns } from './runs/command-runs.js';
