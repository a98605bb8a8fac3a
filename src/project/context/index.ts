// The dbt Jinja context and renderer: parse and execute phases over a loaded project.
export { createRenderer } from './renderer.js';
export type { Renderer, RendererOptions, CompileOverrides } from './renderer-options.js';
export type { DatabaseBridge, BridgeRelationRef, BridgeRelationInfo, BridgeColumnInfo, BridgeQueryResult, BridgeDialect } from './database-bridge.js';
export type { RendererProject, MacroFile, DispatchEntry, VarLookup } from './project-shape.js';
export { Relation } from './relation.js';
export { Column } from './column.js';
export { Table } from './agate-table.js';
export { formatTable as formatAgateTable, PRINT_DEFAULTS } from './agate-print.js';
export { globalProjectDir, globalProjectMacroFiles } from './global-project.js';
export { GLOBAL_PACKAGE } from './macro-registry.js';
export { cteFor, injectCtes } from './cte-injection.js';
export { EphemeralCompileError } from './ephemeral-error.js';
export { DBT_VERSION } from './context-members.js';
export { formatBatchStart } from './microbatch-batch-names.js';
export { CROSS_DB_SAMPLES } from './cross-db-samples.js';
export type { CrossDbSample } from './cross-db-samples.js';
export { externalSourceSql, formatExternalLocation } from './external-source.js';
export type { ExternalSourceInfo, ExternalSourceOptions } from './external-source.js';
