// The dbt.ref() / dbt.source() / dbt.config() calls of a Python model, made at parse time.
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { readPythonModel } from '../load/python-model.js';
import { locate } from './node-error-location.js';
import type { CompiledNode } from '../types.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';

/**
 * A Python model's dbt.ref(), dbt.source() and dbt.config() calls, made with their literal
 * arguments on the parse context, as dbt's parser does: they record the node's dependencies
 * and config exactly as the same calls in a SQL model do.
 */
export function callPythonDbtFunctions(core: RenderCore, node: CompiledNode, st: RenderState): void {
  try {
    callEach(core, node, st);
  } catch (error) {
    // Lines were counted in the node's code, which starts at its file's first non-blank line.
    throw locate(error, node);
  }
}

function callEach(core: RenderCore, node: CompiledNode, st: RenderState): void {
  for (const call of readPythonModel(node.raw_code, node.origin.file)) {
    const where = { file: node.origin.file, line: call.line };
    if (call.fn === 'config.get') {
      // dbt only records which keys the model reads; the call changes nothing in the graph.
      if (call.args.length === 0) throw userError('python-model-invalid', 'dbt.config.get() requires at least one argument', where);
      if (call.args.length > 2) throw userError('python-model-invalid', `dbt.config.get() takes at most 2 arguments (${call.args.length} given)`, where);
      continue;
    }
    try {
      core.call(st.ctx[call.fn] as (...a: unknown[]) => unknown, call.args, call.kwargs);
    } catch (error) {
      if (isReelhouseError(error) && !error.diagnostic.location) error.diagnostic.location = where;
      throw error;
    }
  }
  const materialized = st.config['materialized'];
  if (materialized === 'ephemeral') {
    throw userError('python-model-invalid', `Python model ${node.name} cannot be ephemeral: dbt builds Python models as tables ('table' or 'incremental').`, { file: node.origin.file, line: 1 },
      "Set materialized='table' for it, in dbt.config() or its YAML properties.");
  }
}
