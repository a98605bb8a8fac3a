import type { DashboardSpec } from '../dashboards/dashboard-spec.js';
import type { Artifacts } from './artifacts.js';
import { freshnessReport } from './freshness.js';

type Json = Record<string, unknown>;

/** One entry of the search index and the navigation tree. */
export interface IndexEntry {
  id: string;
  name: string;
  type: string;
  package: string;
  path: string;
  /** Folder path below the resource folder, e.g. `staging/billing`, for navigation and lineage filters. */
  folder: string;
  tags: string[];
  description: string;
  materialized: string | null;
  relation: string | null;
  columns: { name: string; description: string }[];
  /** Last run's status of this node, when run_results has it. */
  status: string | null;
}

/** The lineage graph as the browser draws it. */
export interface Lineage {
  nodes: { id: string; name: string; type: string; package: string; folder: string; tags: string[]; materialized: string | null; status: string | null }[];
  edges: [string, string][];
}

const LINEAGE_TYPES = new Set(['model', 'seed', 'snapshot', 'source', 'exposure', 'metric', 'semantic_model', 'saved_query']);

/** Builds the docs views (index, node pages, lineage) from dbt artifacts plus the project's dashboards. */
export class DocsModel {
  readonly nodes = new Map<string, Json>();
  readonly index: IndexEntry[] = [];
  readonly lineage: Lineage;
  private readonly parents = new Map<string, string[]>();
  private readonly children = new Map<string, string[]>();
  private readonly results = new Map<string, Json>();
  private readonly testsOf = new Map<string, string[]>();

  constructor(
    readonly artifacts: Artifacts,
    dashboards: DashboardSpec[],
    private readonly projectName: string,
  ) {
    const m = artifacts.manifest ?? {};
    for (const r of ((artifacts.runResults?.results as Json[] | undefined) ?? [])) this.results.set(String(r.unique_id), r);
    const add = (group: unknown): void => {
      for (const [id, node] of Object.entries((group as Record<string, Json> | undefined) ?? {})) this.nodes.set(id, node);
    };
    add(m.nodes);
    add(m.sources);
    add(m.exposures);
    add(m.metrics);
    add(m.semantic_models);
    add(m.saved_queries);
    add(m.unit_tests);
    for (const d of dashboards) this.addDashboard(d);
    for (const [id, node] of this.nodes) {
      const deps = ((node.depends_on as Json | undefined)?.nodes as string[] | undefined) ?? [];
      for (const p of deps) {
        push(this.parents, id, p);
        push(this.children, p, id);
      }
      if (node.resource_type === 'test' || node.resource_type === 'unit_test') {
        const attached = (node.attached_node as string | undefined) ?? (node.resource_type === 'unit_test' ? undefined : deps.find((d) => !d.startsWith('test.')));
        const targets = attached ? [attached] : deps;
        for (const t of targets) push(this.testsOf, t, id);
        if (node.resource_type === 'unit_test' && typeof node.model === 'string') {
          const model = [...this.nodes.keys()].find((k) => k.startsWith('model.') && this.nodes.get(k)!.name === node.model);
          if (model) push(this.testsOf, model, id);
        }
      }
    }
    for (const [id, node] of this.nodes) {
      // Project hooks' operation nodes are not resources a reader looks up, as in dbt's docs.
      if (node.resource_type === 'macro' || node.resource_type === 'operation') continue;
      this.index.push(this.entryOf(id, node));
    }
    for (const doc of Object.values((m.docs as Record<string, Json> | undefined) ?? {})) {
      if (doc.package_name !== this.projectName) continue;
      const id = String(doc.unique_id);
      this.nodes.set(id, doc);
      this.index.push({
        id,
        name: String(doc.name),
        type: 'doc',
        package: String(doc.package_name),
        path: String(doc.original_file_path ?? ''),
        folder: '',
        tags: [],
        description: String(doc.block_contents ?? '').slice(0, 300),
        materialized: null,
        relation: null,
        columns: [],
        status: null,
      });
    }
    for (const macro of Object.values((m.macros as Record<string, Json> | undefined) ?? {})) {
      if (macro.package_name !== this.projectName) continue;
      const id = String(macro.unique_id);
      this.nodes.set(id, macro);
      this.index.push({ ...this.entryOf(id, macro), type: 'macro' });
    }
    this.index.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    this.lineage = this.buildLineage();
  }

  /** Everything a node's page shows: the node, its catalog entry, tests with last results, neighbours. */
  detail(id: string): Json | undefined {
    const node = this.nodes.get(id);
    if (!node) return undefined;
    const catalog = this.artifacts.catalog;
    const catalogEntry =
      ((catalog?.nodes as Record<string, Json> | undefined)?.[id] ?? (catalog?.sources as Record<string, Json> | undefined)?.[id]) ?? null;
    const brief = (other: string): Json => {
      const n = this.nodes.get(other);
      return { id: other, name: n?.name ?? other, type: n?.resource_type ?? other.split('.')[0], status: this.statusOf(other) };
    };
    const tests = (this.testsOf.get(id) ?? []).map((t) => {
      const test = this.nodes.get(t) ?? {};
      const result = this.results.get(t);
      return {
        id: t,
        name: test.name,
        type: test.resource_type,
        column: test.column_name ?? null,
        test: (test.test_metadata as Json | undefined)?.name ?? (test.resource_type === 'unit_test' ? 'unit test' : 'singular'),
        severity: (test.config as Json | undefined)?.severity ?? null,
        status: result?.status ?? null,
        failures: result?.failures ?? null,
        message: result?.message ?? null,
      };
    });
    const { raw_code, compiled_code, macro_sql, ...rest } = node as Json & { raw_code?: unknown; compiled_code?: unknown; macro_sql?: unknown };
    const result = this.results.get(id);
    // The result's SQL is the page's compiled code already: sent once (the static site embeds every page).
    const { compiled_code: resultCode, ...lastResult } = result ?? {};
    return {
      node: rest,
      rawCode: raw_code ?? macro_sql ?? null,
      compiledCode: compiled_code ?? resultCode ?? null,
      catalog: catalogEntry,
      tests,
      parents: (this.parents.get(id) ?? []).map(brief),
      children: (this.children.get(id) ?? []).map(brief),
      lastResult: result ? lastResult : null,
      freshness: node.resource_type === 'source' ? (freshnessReport(this.artifacts.sources, this.artifacts.manifest).sources.find((f) => f.uniqueId === id) ?? null) : null,
    };
  }

  private statusOf(id: string): string | null {
    const r = this.results.get(id);
    return r ? String(r.status) : null;
  }

  private addDashboard(d: DashboardSpec): void {
    const id = `exposure.${this.projectName}.${d.name}`;
    const existing = this.nodes.get(id);
    if (existing) {
      // A YAML exposure with the same name describes this dashboard: join their dependencies.
      const deps = ((existing.depends_on as Json | undefined)?.nodes as string[] | undefined) ?? [];
      existing.depends_on = { ...(existing.depends_on as Json), nodes: [...new Set([...deps, ...d.dependsOn])] };
      existing.dashboard = d.name;
      return;
    }
    this.nodes.set(id, {
      unique_id: id,
      name: d.name,
      label: d.title,
      resource_type: 'exposure',
      type: 'dashboard',
      package_name: this.projectName,
      original_file_path: d.path,
      path: d.path,
      description: d.description,
      owner: d.owner,
      tags: d.tags,
      maturity: null,
      url: `/dashboards/${d.name}`,
      depends_on: { macros: [], nodes: d.dependsOn },
      meta: {},
      dashboard: d.name,
    });
  }

  private entryOf(id: string, node: Json): IndexEntry {
    const type = String(node.resource_type ?? id.split('.')[0]);
    const path = String(node.original_file_path ?? node.path ?? '');
    const config = (node.config as Json | undefined) ?? {};
    const columns = Object.values((node.columns as Record<string, Json> | undefined) ?? {}).map((c) => ({
      name: String(c.name),
      description: String(c.description ?? '').slice(0, 200),
    }));
    const catalog = this.artifacts.catalog;
    const cat = ((catalog?.nodes as Record<string, Json> | undefined)?.[id] ?? (catalog?.sources as Record<string, Json> | undefined)?.[id]) as Json | undefined;
    for (const name of Object.keys((cat?.columns as Json | undefined) ?? {})) {
      if (!columns.some((c) => c.name.toLowerCase() === name.toLowerCase())) columns.push({ name, description: '' });
    }
    return {
      id,
      name: type === 'source' ? `${String(node.source_name)}.${String(node.name)}` : String(node.name),
      type,
      package: String(node.package_name ?? ''),
      path,
      folder: folderOf(type, node),
      // A semantic model's tags live in its config (dbt's SemanticModel has no top-level tags).
      tags: (node.tags as string[] | undefined) ?? (config.tags as string[] | undefined) ?? [],
      description: String(node.description ?? '').slice(0, 300),
      materialized: typeof config.materialized === 'string' ? config.materialized : null,
      relation: typeof node.relation_name === 'string' ? node.relation_name : null,
      columns,
      status: this.statusOf(id),
    };
  }

  private buildLineage(): Lineage {
    const nodes: Lineage['nodes'] = [];
    const keep = new Set<string>();
    for (const e of this.index) {
      if (!LINEAGE_TYPES.has(e.type)) continue;
      const node = this.nodes.get(e.id);
      if (e.type === 'model' && e.materialized === null && !node) continue;
      keep.add(e.id);
      nodes.push({ id: e.id, name: e.name, type: e.type, package: e.package, folder: e.folder, tags: e.tags, materialized: e.materialized, status: e.status });
    }
    const edges: [string, string][] = [];
    for (const id of keep) {
      for (const p of this.parents.get(id) ?? []) if (keep.has(p)) edges.push([p, id]);
    }
    return { nodes, edges };
  }
}

function folderOf(type: string, node: Json): string {
  if (type === 'source') return `sources/${String(node.source_name ?? '')}`;
  const path = String(node.path ?? node.original_file_path ?? '');
  const parts = path.split('/');
  parts.pop();
  return parts.join('/');
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}
