// Project hooks (on-run-start / on-run-end) as the operation nodes dbt's parser makes of them:
// `operation.<package>.<package>-on-run-start-<i>`, one per hook of every project, kept in
// manifest.json's nodes and counted in the Found line. They are not part of the DAG: the
// invocation runs them before and after the selected nodes.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CompiledNode, Hook } from '../types.js';
import { defaultConfig } from './config-merge.js';
import { fileChecksum } from './files.js';
import type { TargetConfig } from './load-types.js';
import { projectConfig, type LoadState, type PackageContext } from './load-state.js';

/** The operation nodes of the hooks of the packages in `contexts` (root and installed), by unique id. */
export function projectHookNodes(state: LoadState, contexts: PackageContext[], target: TargetConfig): Record<string, CompiledNode> {
  const out: Record<string, CompiledNode> = {};
  for (const context of contexts) {
    const { project } = context;
    if (project.onRunStart.length === 0 && project.onRunEnd.length === 0) continue;
    // dbt gives every hook the checksum of the file it is written in, as it checksums any file it reads (stripped).
    const checksum = projectFileChecksum(project.file);
    const lists: ['on-run-start' | 'on-run-end', Hook[]][] = [['on-run-start', project.onRunStart], ['on-run-end', project.onRunEnd]];
    for (const [kind, hooks] of lists) {
      hooks.forEach((hook, index) => {
        // Placed at the hook's own line, so an error in its Jinja names that line of the project file.
        const line = project.hookLines[kind][index] ?? 1;
        const node = hookNode(project.name, project.file, kind, index, typeof hook === 'string' ? hook : hook.sql, checksum, target, line);
        withProjectConfig(state, context, node);
        out[node.unique_id] = node;
      });
    }
  }
  return out;
}

function hookNode(pkg: string, file: string, kind: string, index: number, sql: string, checksum: string, target: TargetConfig, line: number): CompiledNode {
  const name = `${pkg}-${kind}-${index}`;
  // An operation's config is dbt's NodeConfig: an analysis's, which has no model-only keys.
  const config = defaultConfig('analysis');
  return {
    unique_id: `operation.${pkg}.${name}`,
    resource_type: 'operation',
    package_name: pkg,
    name,
    fqn: [pkg, 'hooks', name],
    path: `hooks/${name}.sql`,
    original_file_path: './dbt_project.yml',
    description: '',
    meta: {},
    tags: [kind],
    alias: name,
    database: target.database,
    schema: target.schema,
    relation_name: null,
    raw_code: sql,
    language: 'sql',
    config,
    unrendered_config: {},
    columns: {},
    refs: [],
    sources: [],
    depends_on: { macros: [], nodes: [] },
    checksum: { name: 'sha256', checksum },
    docs: { show: true, node_color: null },
    patch_path: null,
    index,
    origin: { file, line, root: dirname(file) },
  };
}

/**
 * Sets the hook's config from dbt_project.yml's `models:` levels that its fqn
 * (`<package>.hooks.<name>`) reaches, as dbt's parser configures every node: config and
 * unrendered_config take them, the node's tags gain the config's tags and its meta is the config's.
 */
function withProjectConfig(state: LoadState, context: PackageContext, node: CompiledNode): void {
  const { config, unrendered } = projectConfig(state, context, 'operation', node.fqn, node.config);
  node.config = config;
  node.unrendered_config = unrendered;
  for (const tag of config.tags ?? []) if (!node.tags!.includes(tag)) node.tags!.push(tag);
  node.meta = config.meta ?? {};
}

function projectFileChecksum(file: string): string {
  try {
    return fileChecksum(readFileSync(file, 'utf8'));
  } catch {
    return '';
  }
}
