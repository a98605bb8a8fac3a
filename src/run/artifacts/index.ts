// dbt's artifacts in target/: manifest.json, run_results.json, compiled and executed SQL.
export { writeManifest } from './write-manifest.js';
export { graphSummary, writeGraphSummary } from './graph-summary.js';
export { toManifestJson, semanticLayerJson, MANIFEST_SCHEMA_VERSION, DBT_VERSION } from './manifest-json.js';
export { sourceConfigJson } from './resource-json.js';
export { flatGraph } from './flat-graph.js';
export { runResultForJinja } from './run-result-dict.js';
export { writeRunResults, toRunResultsJson, RUN_RESULTS_SCHEMA_VERSION } from './run-results.js';
export type { RunResultsInput, RunResultEntry } from './run-results.js';
export { writeBatchSql, writeCompiledSql, writeCompiledSqlNow, writeRunSql, writeUnitTestSql, targetWritePath, nameTargetFolder, targetPrefix } from './sql-files.js';
export { SqlFileWriter } from './sql-file-writer.js';
