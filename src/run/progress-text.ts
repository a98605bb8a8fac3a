// The text of a node's START line and of its result line (`OK created sql table model main.x`,
// `PASS not_null_x`, `SKIP relation main.y`), with the bracketed status, as dbt prints them.
import type { CompiledNode, UnitTestNode } from '../project/types.js';
import { isNoOpNode, noOpDescription } from './no-op-nodes.js';
import { unitTestVersionedName } from './unit-test-versioned-name.js';
import { describeNode, displayRelation, isErrorSkip, type NodeResult } from './run-result.js';

/** The progress text of a node's START line (a relation outside targetDatabase is named with its database). */
export function startText(node: CompiledNode | UnitTestNode, targetDatabase?: string): string {
  if (node.resource_type === 'unit_test') return `START unit_test ${node.model}::${unitTestVersionedName(node)}`;
  if (node.resource_type === 'test') return `START test ${node.name}`;
  return `START ${describeNode(node)} ${displayRelation(node, targetDatabase)}`;
}

/** The text and bracketed status of a node's result line, as dbt prints them. */
export function resultText(result: NodeResult, targetDatabase?: string): { text: string; status: string } {
  const secs = `in ${result.execution_time.toFixed(2)}s`;
  // dbt's NoOpRunner nodes: `NO-OP exposure x`, or `SKIP exposure x` below a failure (not a relation).
  if (isNoOpNode(result.node)) {
    if (result.status === 'skipped') return { text: `SKIP ${result.node.resource_type} ${result.node.name}`, status: 'SKIP' };
    return { text: `NO-OP ${noOpDescription(result.node)}`, status: `NO-OP ${secs}` };
  }
  if (result.node.resource_type === 'unit_test') {
    const unit = result.node as UnitTestNode;
    const label = `${unit.model}::${unitTestVersionedName(unit)}`;
    if (result.status === 'pass') return { text: `PASS ${label}`, status: `PASS ${secs}` };
    if (result.status === 'fail') return { text: `FAIL ${result.failures ?? 0} ${label}`, status: `FAIL ${result.failures ?? 0} ${secs}` };
    // dbt's SkippingDetails names any node by its bare name: `SKIP unit_test <name>`, without the model.
    if (result.status === 'skipped') return { text: `SKIP unit_test ${unit.name}`, status: 'SKIP' };
    return { text: `ERROR ${label}`, status: `ERROR ${secs}` };
  }
  const node = result.node as CompiledNode;
  const rel = displayRelation(node);
  if (node.resource_type === 'test') {
    switch (result.status) {
      case 'pass':
        return { text: `PASS ${node.name}`, status: `PASS ${secs}` };
      case 'warn':
        return { text: `WARN ${result.failures ?? 0} ${node.name}`, status: `WARN ${result.failures ?? 0} ${secs}` };
      case 'fail':
        return { text: `FAIL ${result.failures ?? 0} ${node.name}`, status: `FAIL ${result.failures ?? 0} ${secs}` };
      case 'skipped':
        return { text: `SKIP test ${node.name}`, status: 'SKIP' };
      default:
        return { text: `ERROR ${node.name}`, status: `ERROR ${secs}` };
    }
  }
  if (result.status === 'skipped') {
    // dbt's skip lines name schema and the node's name (not its alias), as their events' data do.
    const skipped = node.schema ? `${node.schema}.${node.name}` : node.name;
    return isErrorSkip(result) ? { text: `SKIP relation ${skipped} due to ephemeral model error`, status: 'ERROR SKIP' } : { text: `SKIP relation ${skipped}`, status: 'SKIP' };
  }
  // dbt's seed lines name schema.alias; model and snapshot lines name the relation as it starts
  // (with its database when that is not the target's).
  const named = displayRelation(node, targetDatabase);
  if (result.status === 'error') {
    const verb = node.resource_type === 'seed' ? 'loading' : node.resource_type === 'snapshot' ? 'snapshotting' : 'creating';
    // dbt names snapshots by relation only: `ERROR snapshotting snapshots.snap`.
    const what = node.resource_type === 'snapshot' ? named : node.resource_type === 'seed' ? `${describeNode(node)} ${rel}` : `${describeNode(node)} ${named}`;
    return { text: `ERROR ${verb} ${what}`, status: `ERROR ${secs}` };
  }
  const msg = result.message ?? 'OK';
  if (node.resource_type === 'seed') return { text: `OK loaded seed file ${rel}`, status: `${msg} ${secs}` };
  if (node.resource_type === 'snapshot') return { text: `OK snapshotted ${named}`, status: `${msg} ${secs}` };
  return { text: `OK created ${describeNode(node)} ${named}`, status: `${msg} ${secs}` };
}
