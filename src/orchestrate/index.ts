/** Orchestration: pipelines, schedules, run history, health pings, backfills and the one process that owns the warehouse. */
export { backfillId, runBackfill, type BackfillOptions, type BackfillOutcome } from './backfill.js';
export { maskSecrets, redactUrl } from './env-values.js';
export { healthCheckUrl, pingHealthCheck, type PingKind, type PingOutcome } from './health-ping.js';
export { HttpRouter, readJsonBody, sendJson, type RouteHandler } from './http-router.js';
export type { JobStreamLine } from './job-routes.js';
export {
  openPerCall,
  openProjectWarehouse,
  SerialQueue,
  type CommandRunner,
  type OrchestrateContext,
  type WarehouseAccess,
} from './orchestrate-context.js';
export {
  findPipeline,
  loadPipelines,
  parsePipelines,
  stepOrder,
  PIPELINE_FILE_NAMES,
  type FileTrigger,
  type PipelineDefinition,
  type PipelineSchedule,
  type PipelinesConfig,
  type PipelineStep,
  type StepKind,
} from './pipeline-config.js';
export { runPipeline, type PipelineRunOptions } from './pipeline-runner.js';
export {
  isProcessAlive,
  RunStore,
  runStorePath,
  type NodeResultRecord,
  type PipelineRunRecord,
  type RunHistory,
  type RunStatus,
  type RunTrigger,
  type StepRunRecord,
} from './run-store.js';
export { PipelineScheduler } from './scheduler.js';
export { activeServe, startServe, type ServeHandle, type ServeOptions } from './serve.js';
export { submitJob } from './serve-client.js';
export { acquireServeLock, readLiveServeLock, serveLockPath, type ServeLock } from './serve-lock.js';
export { exportRunHistory, HISTORY_SCHEMA } from './state-export.js';
export { daysBetween, parseDuration, splitCommandLine } from './text-values.js';
