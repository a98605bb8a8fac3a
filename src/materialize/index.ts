// Materializations: the statements that turn a compiled node into a relation or a test result.
export { materializeNode, isExecutable, materializationName } from './materialize-node.js';
export { materializations } from './registry.js';
export { customMaterializationWarnings } from './custom-materializations.js';
export { auditRelation, storeFailuresAs } from './test-node.js';
export { STAGING_SUFFIX, stagingRelation, targetRelation } from './relations.js';
export { SqlRunner, WarehouseError } from './sql-runner.js';
export type { Materialization } from './materialization.js';
export type { BuildOutcome, ExecutionStatus, MaterializeContext, NodeExecution } from './types.js';
