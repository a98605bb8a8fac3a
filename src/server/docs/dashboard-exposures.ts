import type { ExposureNode, Manifest } from '../../project/types.js';
import type { DashboardSpec } from '../dashboards/dashboard-spec.js';

/**
 * Dashboards as dbt exposures (type `dashboard`), to add to the manifest that `docs generate`
 * writes. A YAML exposure of the same name is kept and gains the dashboard's dependencies.
 */
export function dashboardExposures(manifest: Manifest, dashboards: DashboardSpec[], projectDir: string): void {
  const project = manifest.metadata.project_name;
  for (const d of dashboards) {
    const id = `exposure.${project}.${d.name}`;
    const existing = manifest.exposures[id];
    if (existing) {
      existing.depends_on = { ...existing.depends_on, nodes: [...new Set([...existing.depends_on.nodes, ...d.dependsOn])] };
      continue;
    }
    const exposure: ExposureNode = {
      unique_id: id,
      resource_type: 'exposure',
      package_name: project,
      name: d.name,
      fqn: [project, 'dashboards', d.name],
      original_file_path: d.path,
      path: d.path.replace(/^dashboards\//, ''),
      description: d.description,
      meta: { reelhouse_dashboard: d.name },
      tags: d.tags,
      origin: { file: d.location.file, line: d.location.line, root: projectDir },
      type: 'dashboard',
      owner: { name: d.owner.name ?? null, email: d.owner.email ?? null },
      label: d.title,
      maturity: null,
      url: null,
      depends_on: { macros: [], nodes: d.dependsOn },
      refs: [],
      sources: [],
      config: { enabled: true, tags: d.tags, meta: {} },
    };
    manifest.exposures[id] = exposure;
    for (const parent of d.dependsOn) {
      const children = (manifest.child_map[parent] ??= []);
      if (!children.includes(id)) children.push(id);
    }
    manifest.parent_map[id] = [...d.dependsOn];
  }
}
