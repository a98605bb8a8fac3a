/** Ingestion: the demo data generator, file loaders, REST and Postgres sources, the demo API. */
export { generateDemoData, EVENTS_LAKE_DIR, type GenerateSummary, type GeneratedFile } from './generate/generate-demo-data.js';
export type { GenerateOptions } from './generate/generator-plan.js';
export { loadIngestConfig, INGEST_FILE_NAMES } from './config/load-ingest-config.js';
export type {
  IngestConfig,
  SourceConfig,
  FilesSourceConfig,
  RestSourceConfig,
  PostgresSourceConfig,
  PostgresTableConfig,
} from './config/ingest-config.js';
export { readEnvFile } from './config/env-file.js';
export { runIngest } from './run-ingest.js';
export type { IngestSummary, IngestProgress, RunContext } from './ingest-summary.js';
export { startDemoApiServer, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_API_KEY, type DemoApiServer, type DemoApiOptions, type DemoApiFault } from './demo-api/demo-api-server.js';
export { seedDemoPostgres, type SeedPostgresSummary } from './demo-api/seed-demo-postgres.js';
export { createProgressRenderer, type ProgressRenderer, type ProgressStream } from './progress-bar.js';
export { MANIFEST_TABLE, REJECTS_TABLE } from './files/manifest.js';
