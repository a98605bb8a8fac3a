// The node dbt makes of `--inline` SQL (compile, show): a SQL operation named inline_query,
// which templates see as `model` and whose relation is `this`.
import type { CompiledNode } from '../types.js';
import { configLevels } from './config-tree.js';
import { defaultConfig, finalizeConfig, mergeConfigInto, updateUnrendered } from './config-merge.js';
import { fileChecksum } from './files.js';
import type { LoadedProject } from './load-types.js';
import { nodeOfConfig } from './load-state.js';

const NAME = 'inline_query';

/**
 * The inline query's node, as dbt's SQL block parser builds it: its path is `sql/inline_query`
 * (so its fqn is `[project, 'sql', 'inline_query']`), its file is "from remote system", and it
 * takes the `models:` configs of dbt_project.yml that match that fqn, as any unnamed resource
 * type does in dbt.
 */
export function inlineQueryNode(loaded: LoadedProject, sql: string): CompiledNode {
  const project = loaded.project.name;
  const fqn = [project, 'sql', NAME];
  let config = defaultConfig('model');
  const unrendered: Record<string, unknown> = {};
  for (const level of configLevels(loaded.project.configs['models'], fqn)) {
    config = mergeConfigInto(config, level);
    updateUnrendered(unrendered, level);
  }
  const init = {
    resourceType: 'sql_operation' as const, name: NAME, uniqueId: `sql_operation.${project}.${NAME}`, fqn,
    // No file of its own: errors name none, as for any rendered string.
    file: '<string>', rel: 'from remote system.sql', path: `sql/${NAME}`, rawCode: sql, checksum: fileChecksum(sql),
  };
  return nodeOfConfig(init, { packageName: project, root: loaded.projectDir, target: loaded.target }, finalizeConfig(config), unrendered);
}
