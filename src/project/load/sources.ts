// YAML `sources:` into SourceNodes (https://docs.getdbt.com/reference/source-properties),
// with dbt-duckdb's `external_location` for sources read straight from files.
import { userError } from '../../core/diagnostic.js';
import type { CompiledNode, FreshnessRule, SourceNode } from '../types.js';
import { sourceConfigOf, sourceUnrenderedConfig } from './source-config.js';
import { configLevels } from './config-tree.js';
import { normalizeConfig } from './config-merge.js';
import { folderParts } from './files.js';
import { buildGenericTest, type TestTarget } from './generic-tests.js';
import { yamlResourceConfig, type LoadState, type PackageContext } from './load-state.js';
import { renderTree } from './render-values.js';
import { isRecord } from './yaml-file.js';
import { externalSourceSql, formatExternalLocation } from '../context/external-source.js';
import { pyRepr } from './python-repr.js';
import { columnsOf, entriesOf, listOf, testsOf, toList, type PropertyFile } from './yaml-entries.js';
import { warnTopLevelFreshness } from './source-freshness-deprecation.js';
import { collectSourcePatches, patchedSource, patchedTable, patchKey, tablePatchFor, unusedPatchWarning } from './source-overrides.js';

/** Adds every source table of the property files; returns the source tests. */
export function loadSources(state: LoadState, files: PropertyFile[], packages: Map<string, PackageContext>): CompiledNode[] {
  const tests: CompiledNode[] = [];
  // Relative file locations are read from the root project's folder, wherever the command runs.
  const rootDir = [...packages.values()].find((p) => p.isRoot)?.root;
  const patches = collectSourcePatches(files, state.diagnostics);
  for (const pf of files) {
    const pkg = packages.get(pf.packageName)!;
    const ctx = state.renderContext(pkg.name);
    for (const entry of entriesOf(pf, 'sources')) {
      if (entry.value.overrides !== undefined) continue;
      const where = (key: string) => ({ file: pf.file.abs, line: pf.lines.keyLine(entry.value, key, entry.line) });
      // Source properties may use env_var()/var()/target, rendered now as dbt does.
      const renderSource = (value: Record<string, unknown>, at: PropertyFile, atLine: number, context: typeof ctx) =>
        renderTree(value, context, (path) => ({ file: at.file.abs, line: at.lines.keyLine(value, path[0] ?? '', atLine) }), (path) => path[0] === 'tables' || path[0] === 'description' || isLoadedAtQuery(path)) as Record<string, unknown>;
      // An `overrides:` entry elsewhere for this package's source is laid over it, rendered where it is written.
      const patch = patches.get(patchKey(pkg.name, entry.name));
      if (patch) patch.used = true;
      const own = renderSource(entry.value, pf, entry.line, ctx);
      const src = patch ? patchedSource(own, renderSource(patch.value, patch.pf, patch.line, state.renderContext(patch.pf.packageName))) : own;
      checkFreshnessThresholds(pf, entry.value, own, entry.value, '');
      warnTopLevelFreshness(state, entry.value, entry.name, pf.file.rel, where('freshness'));
      const tables = listOf(entry, 'tables');
      tables.forEach((ownTable, i) => {
        const line = pf.lines.itemLine(tables, i, entry.line);
        if (!isRecord(ownTable) || typeof ownTable.name !== 'string') {
          throw userError('yaml-invalid-shape', `Each table of source '${entry.name}' needs a name:.`, { file: pf.file.abs, line }, 'Write tables as - name: <table> entries.');
        }
        const tablePatch = patch ? tablePatchFor(patch, ownTable.name) : undefined;
        const rawTable = tablePatch ? patchedTable(ownTable, tablePatch) : ownTable;
        const table = renderTree(rawTable, ctx, () => ({ file: pf.file.abs, line }), (path) => path[0] === 'columns' || path[0] === 'data_tests' || path[0] === 'tests' || path[0] === 'description' || isLoadedAtQuery(path)) as Record<string, unknown>;
        checkFreshnessThresholds(pf, entry.value, table, ownTable, `['tables'][${i}]`);
        warnTopLevelFreshness(state, ownTable, ownTable.name, pf.file.rel, { file: pf.file.abs, line: pf.lines.keyLine(ownTable, 'freshness', line) });
        const node = sourceNode(state, pkg, pf, src, table, entry.name, line, rootDir);
        // dbt keeps the source's database and schema as its YAML writes them, before rendering
        // (an `overrides:` entry changes the relation, not these).
        node.unrendered_database = asWritten(entry.value.database);
        node.unrendered_schema = asWritten(entry.value.schema);
        if (needsLoadedAt(node)) {
          // dbt's FreshnessConfigProblem: without metadata-based freshness (DuckDB has none), a
          // freshness rule needs the column or query that gives the load time.
          state.diagnostics.push({
            code: 'freshness-config-problem',
            severity: 'warning',
            message: `The configured adapter does not support metadata-based freshness. A loaded_at_field must be specified for source '${entry.name}.${node.name}'.`,
            location: { file: pf.file.abs, line },
          });
        }
        if (state.manifest.sources[node.unique_id]) {
          throw userError('duplicate-source', `Source table '${entry.name}.${node.name}' is defined twice (also in ${state.manifest.sources[node.unique_id]!.original_file_path}).`, { file: pf.file.abs, line }, 'Define each source table once.');
        }
        if (node.config.enabled === false) (state.manifest.disabled[node.unique_id] ??= []).push(node);
        else state.manifest.sources[node.unique_id] = node;
        const target: TestTarget = { kind: 'source', name: node.name, sourceName: entry.name, yamlRel: pf.file.rel, yamlAbs: pf.file.abs, disabled: node.config.enabled === false, tags: [...toList(src.tags), ...toList(table.tags)] };
        // Columns and tests an override gives are read (with their lines) from the override's file.
        const testsFromPatch = !!tablePatch && ['columns', 'data_tests', 'tests'].some((k) => tablePatch[k] !== undefined && tablePatch[k] !== null);
        const tEntry = testsFromPatch ? { pf: patch!.pf, value: rawTable, line: patch!.line } : { pf, value: rawTable, line };
        // Column quoting for tests: the column's quote, else the table's quoting.column, else the source's.
        const quoteColumns = quotingColumn(table) ?? quotingColumn(src);
        for (const { column, tests: colTests } of columnsOf(tEntry)) {
          for (const t of colTests) tests.push(buildGenericTest(state, pkg, target, t.test, { name: column.name, quote: column.quote ?? quoteColumns, tags: column.tags }, t.line));
        }
        for (const t of testsOf(tEntry)) tests.push(buildGenericTest(state, pkg, target, t.test, null, t.line));
      });
    }
  }
  const unused = unusedPatchWarning(patches);
  if (unused) state.diagnostics.push(unused);
  return tests;
}

function sourceNode(state: LoadState, pkg: PackageContext, pf: PropertyFile, src: Record<string, unknown>, table: Record<string, unknown>, sourceName: string, line: number, rootDir?: string): SourceNode {
  const name = table.name as string;
  const fqn = [pkg.name, ...folderParts(pf.file.relToResource), sourceName, name];
  const ownLevels = pkg.isRoot ? [] : configLevels(pkg.project.configs.sources, fqn);
  const rootLevels = configLevels(state.rootProject.configs.sources, fqn);
  const levels = [...ownLevels, ...rootLevels];
  // dbt 1.10 gathers the tags of the source and the table, written at the top or under config:,
  // into one sorted set that stands as the YAML's tags: appended to dbt_project.yml's +tags in
  // the config, alone in unrendered_config (even when empty), and the node's tags are the config's.
  const yamlTags = [...new Set([src.tags, configTags(src), table.tags, configTags(table)].flatMap(toList))].sort();
  const yaml = [...[src.config, table.config].filter(isRecord).map((c) => withoutTags(normalizeConfig(c))), { tags: yamlTags }];
  // dbt's order: the package's dbt_project.yml, the source's and the table's config:, then the
  // root project's dbt_project.yml (for a package's source it comes last and wins).
  const { config, unrendered } = yamlResourceConfig(state, pkg, 'sources', fqn, yaml);
  // Checked before sourceConfigOf, which reads anything but false as enabled.
  const enabled: unknown = config.enabled;
  if (typeof enabled !== 'boolean' && enabled !== undefined) {
    throw userError('config-invalid', `Source config value of 'enabled: ${String(enabled)}' is not of type boolean`, { file: pf.file.abs, line }, 'Write enabled: true or enabled: false.');
  }
  const srcMeta = isRecord(src.meta) ? src.meta : {};
  const tableMeta = isRecord(table.meta) ? table.meta : {};
  const ownMeta = { ...(isRecord(config.meta) ? config.meta : {}), ...tableMeta };
  // dbt lays the table's meta over its source's: a source's meta is every table's meta too
  // (its config's meta stays the table's own).
  const meta = { ...srcMeta, ...ownMeta };
  const tags = toList(config.tags);
  const identifier = typeof table.identifier === 'string' ? table.identifier : name;
  const schema = typeof src.schema === 'string' ? src.schema : sourceName;
  const database = typeof src.database === 'string' ? src.database : state.target.database;
  const quoting = { ...(isRecord(src.quoting) ? src.quoting : {}), ...(isRecord(table.quoting) ? table.quoting : {}) };
  // The relation name quotes as the root project's quoting: says, unless the source or table says otherwise.
  const quoted = { ...state.rootProject.quoting, ...quoting };
  const q = (part: string, key: string) => (quoted[key] === false ? part : `"${part.replace(/"/g, '""')}"`);
  // dbt-duckdb lays the table's config (dbt_project.yml, then the source's config:, then the
  // table's) over the table's merged meta, which holds the meta written under config: too.
  const ext = pick('external_location', config, meta);
  let external: string | null = null;
  let relationName = `${q(database, 'database')}.${q(schema, 'schema')}.${q(identifier, 'identifier')}`;
  if (typeof ext === 'string') {
    const fields = { ...srcMeta, ...meta, ...config, name, identifier, schema, database, source_name: sourceName };
    // dbt-duckdb's `formatter` (newstyle, oldstyle, template) says how the fields are filled in.
    const formatter = (fields as Record<string, unknown>)['formatter'];
    if (formatter !== undefined && formatter !== 'newstyle' && formatter !== 'oldstyle' && formatter !== 'template') {
      throw userError('yaml-invalid-shape', `Source table '${sourceName}.${name}' has formatter '${String(formatter)}'; it must be one of 'newstyle', 'oldstyle', or 'template'.`, { file: pf.file.abs, line }, "Use oldstyle (%(name)s) when the location holds braces, template (${name}) for $-placeholders.");
    }
    external = formatExternalLocation(ext, fields);
    // The same reader SQL source() renders: a function call as written, a path read by its extension.
    const root = pkg.isRoot ? pkg.root : rootDir;
    relationName = externalSourceSql(external, fields, root ? { baseDir: root } : {});
  }
  const plugin = pick('plugin', config, meta);
  if (typeof plugin === 'string') {
    // dbt-duckdb plugins are Python (excel, gsheet, sqlalchemy...) and load the table before
    // dbt-duckdb reads it (the excel plugin from the external_location file): Reelhouse reads
    // the table as it is in the warehouse, or the location's file with DuckDB's own readers.
    const read = typeof ext === 'string' ? `${external ?? ext} is read with DuckDB's own readers instead` : `${schema}.${identifier} is read as it is in the warehouse`;
    state.diagnostics.push({
      code: 'source-plugin-unsupported',
      severity: 'warning',
      message: `Source table '${sourceName}.${name}' is loaded by the dbt-duckdb plugin '${plugin}', a Python plugin Reelhouse does not run; ${read}.`,
      location: { file: pf.file.abs, line },
      hint: typeof ext === 'string'
        ? 'Make external_location a DuckDB reader call that needs no Python (read_xlsx with the excel extension installed, read_csv...), or load the table another way (reelhouse ingest, a seed).'
        : 'Load the table another way (reelhouse ingest, a seed), or point the source at its files with external_location.',
    });
  }
  // dbt 1.9+ also takes freshness, and 1.10+ loaded_at_field/loaded_at_query, under config:;
  // the table's setting wins over the source's, which wins over dbt_project.yml.
  const projectFreshness = [...levels].reverse().find((l) => 'freshness' in l)?.freshness;
  const own = (holder: Record<string, unknown>, key: string): { set: boolean; value: unknown } => {
    if (isRecord(holder.config) && key in holder.config) return { set: true, value: holder.config[key] };
    return key in holder ? { set: true, value: holder[key] } : { set: false, value: undefined };
  };
  // Freshness merges level by level, as dbt chains merge_freshness: dbt_project.yml, the source's
  // freshness:, its config: freshness:, then the table's two.
  const freshnessLevels: unknown[] = projectFreshness === undefined ? [] : [projectFreshness];
  for (const holder of [src, table]) {
    if ('freshness' in holder) freshnessLevels.push(holder.freshness);
    if (isRecord(holder.config) && 'freshness' in holder.config) freshnessLevels.push(holder.config.freshness);
  }
  const freshness = mergeFreshness(freshnessLevels);
  const { loadedAt, loadedAtQuery } = loadedAtOf(own(src, 'loaded_at_field'), own(src, 'loaded_at_query'), own(table, 'loaded_at_field'), own(table, 'loaded_at_query'), { file: pf.file.abs, line }, `${sourceName}.${name}`);
  const sourceConfig = sourceConfigOf({ ...config, meta: ownMeta, tags, freshness, loaded_at_field: typeof loadedAt === 'string' ? loadedAt : null, loaded_at_query: typeof loadedAtQuery === 'string' ? loadedAtQuery : null });
  const columns: SourceNode['columns'] = {};
  for (const { column } of columnsOf({ pf, value: table, line }, state.renderContext(pkg.name))) columns[column.name] = column;
  return {
    unique_id: `source.${pkg.name}.${sourceName}.${name}`,
    resource_type: 'source',
    package_name: pkg.name,
    name,
    fqn,
    original_file_path: pf.file.rel,
    path: pf.file.rel,
    description: typeof table.description === 'string' ? table.description : '',
    meta,
    tags,
    origin: { file: pf.file.abs, line, root: pkg.root },
    source_name: sourceName,
    source_description: typeof src.description === 'string' ? src.description : '',
    database,
    schema,
    identifier,
    relation_name: relationName,
    loader: typeof src.loader === 'string' ? src.loader : '',
    loaded_at_field: typeof loadedAt === 'string' ? loadedAt : null,
    loaded_at_query: typeof loadedAtQuery === 'string' ? loadedAtQuery : null,
    freshness,
    columns,
    // dbt 1.10 keeps a source's config and its own fields equal, so top-level freshness: and
    // loaded_at_field:/loaded_at_query: (deprecated there) show in its config as well.
    config: sourceConfig,
    source_meta: srcMeta,
    external_location: external,
    external: isRecord(table.external) ? table.external : null,
    quoting: quotingOf(quoting),
    patch_path: null,
    unrendered_config: sourceUnrenderedConfig(unrendered, sourceConfig),
  };
}

// The tags a source's or table's config: block gives.
function configTags(holder: Record<string, unknown>): unknown {
  return isRecord(holder.config) ? holder.config['tags'] : undefined;
}

function withoutTags(layer: Record<string, unknown>): Record<string, unknown> {
  const { tags: _tags, ...rest } = layer;
  return rest;
}

// A YAML value as dbt's UnparsedSourceDefinition keeps it unrendered: the text written, or null.
function asWritten(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function pick(key: string, ...dicts: unknown[]): unknown {
  for (const d of dicts) if (isRecord(d) && d[key] !== undefined && d[key] !== null) return d[key];
  return undefined;
}

// A warn_after or error_after threshold (a count and a period) with nothing to read the load time from.
function needsLoadedAt(node: SourceNode): boolean {
  const set = (t: { count: number | null; period: string | null } | null | undefined): boolean => !!t && t.count !== null && t.count !== undefined && !!t.period;
  return !!node.freshness && (set(node.freshness.warn_after) || set(node.freshness.error_after)) && !node.loaded_at_field && !node.loaded_at_query;
}

/** loaded_at_query holds SQL rendered when freshness runs (it may use {{ this }}), not while parsing. */
function isLoadedAtQuery(path: readonly string[]): boolean {
  return path[0] === 'loaded_at_query' || (path[0] === 'config' && path[1] === 'loaded_at_query');
}

/**
 * The column or query a source's freshness reads: the table's setting of either replaces the
 * source's; one level setting both is an error, as in dbt.
 */
function loadedAtOf(
  srcField: { set: boolean; value: unknown }, srcQuery: { set: boolean; value: unknown },
  tableField: { set: boolean; value: unknown }, tableQuery: { set: boolean; value: unknown },
  where: { file: string; line: number }, label: string,
): { loadedAt: unknown; loadedAtQuery: unknown } {
  const both = (field: { value: unknown }, query: { value: unknown }) => typeof field.value === 'string' && typeof query.value === 'string';
  if (both(tableField, tableQuery) || (!tableField.set && !tableQuery.set && both(srcField, srcQuery))) {
    throw userError('yaml-invalid-shape', `Source table '${label}' sets both loaded_at_field and loaded_at_query; give one of them.`, where, 'loaded_at_query is a SQL query returning the latest load time; loaded_at_field a column or expression.');
  }
  if (tableField.set || tableQuery.set) return { loadedAt: tableField.value, loadedAtQuery: tableQuery.value };
  return { loadedAt: srcField.value, loadedAtQuery: srcQuery.value };
}

const FRESHNESS_PERIODS = ['minute', 'hour', 'day'];

/**
 * dbt validates a source's and a source table's `freshness:` against its schema when it reads
 * the entry: a threshold's count is a whole number and its period minute, hour or day. `holder` is the rendered source or
 * table, `written` the same as written (for the line), `at` its path within the source entry.
 */
function checkFreshnessThresholds(pf: PropertyFile, entry: Record<string, unknown>, holder: Record<string, unknown>, written: unknown, at: string): void {
  // dbt 1.10 takes freshness: under config: too, and checks it against the same schema there.
  const writtenConfig = isRecord(written) ? written.config : undefined;
  if (isRecord(holder.config)) checkThresholds(pf, entry, holder.config, writtenConfig, `${at}['config']`, pf.lines.keyLine(written, 'config'));
  checkThresholds(pf, entry, holder, written, at);
}

function checkThresholds(pf: PropertyFile, entry: Record<string, unknown>, holder: Record<string, unknown>, written: unknown, at: string, fallbackLine?: number): void {
  const freshness = holder.freshness;
  if (!isRecord(freshness)) return;
  for (const key of ['warn_after', 'error_after']) {
    const threshold = freshness[key];
    const writtenFreshness = isRecord(written) ? written.freshness : undefined;
    const writtenThreshold = isRecord(writtenFreshness) ? writtenFreshness[key] : undefined;
    const lineOf = (field: string) => pf.lines.keyLine(writtenThreshold, field, pf.lines.keyLine(writtenFreshness, key, pf.lines.keyLine(written, 'freshness', fallbackLine)));
    const count = isRecord(threshold) ? threshold.count : undefined;
    // A count that is not a whole number would compare as NaN: never stale, whatever the data.
    if (count !== undefined && count !== null && !Number.isInteger(typeof count === 'string' && /^\s*\d+\s*$/u.test(count) ? Number(count) : count)) {
      throw userError(
        'yaml-invalid-shape',
        `Invalid sources config given in ${pf.file.rel} @ sources: ${pyRepr(entry)} - at path ${at}['freshness']['${key}']['count']: ${pyRepr(count)} is not of type 'integer'`,
        { file: pf.file.abs, line: lineOf('count') },
        `Give ${key} a whole number count, e.g. ${key}: {count: 12, period: hour}.`,
      );
    }
    const period = isRecord(threshold) ? threshold.period : undefined;
    if (period === undefined || period === null || FRESHNESS_PERIODS.includes(period as string)) continue;
    throw userError(
      'yaml-invalid-shape',
      `Invalid sources config given in ${pf.file.rel} @ sources: ${pyRepr(entry)} - at path ${at}['freshness']['${key}']['period']: ${pyRepr(period)} is not one of ${pyRepr(FRESHNESS_PERIODS)}`,
      { file: pf.file.abs, line: lineOf('period') },
      `Give ${key} a period of minute, hour or day, e.g. ${key}: {count: 12, period: hour}.`,
    );
  }
}

// Each level merges into the one before as dbt's merge_freshness does: `freshness: null` turns it
// off (a later level may set it again); warn_after/error_after merge one level deeper, so a
// threshold left out or given as {} keeps the earlier one, and `error_after: null` drops it. As in
// dbt, a source with no freshness anywhere still has a rule whose thresholds are {count: None,
// period: None}, and so does a threshold left unset: templates reading graph.sources see that shape.
function mergeFreshness(levels: readonly unknown[]): FreshnessRule | null {
  let acc: Record<string, unknown> | null = {};
  const given = (value: unknown) => (isRecord(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) : {});
  for (const level of levels) {
    if (level === null || level === undefined) {
      acc = null;
      continue;
    }
    if (!isRecord(level)) continue;
    if (acc === null) {
      acc = { ...level };
      continue;
    }
    const merged: Record<string, unknown> = { ...acc, ...level };
    for (const key of ['warn_after', 'error_after']) {
      if (!(key in level)) continue;
      merged[key] = level[key] === null ? null : { ...given(acc[key]), ...given(level[key]) };
    }
    acc = merged;
  }
  if (acc === null) return null;
  const rule = acc;
  const threshold = (key: 'warn_after' | 'error_after'): FreshnessRule['warn_after'] => {
    if (rule[key] === null) return null;
    const time = given(rule[key]) as { count?: number; period?: 'minute' | 'hour' | 'day' };
    return { count: time.count ?? null, period: time.period ?? null };
  };
  return { warn_after: threshold('warn_after'), error_after: threshold('error_after'), filter: (rule.filter as FreshnessRule['filter'] | undefined) ?? null };
}

// The manifest's quoting of a source: each of dbt's four keys, null when neither level set it.
function quotingOf(quoting: Record<string, unknown>): NonNullable<SourceNode['quoting']> {
  const flag = (key: string): boolean | null => {
    const value = quoting[key];
    return typeof value === 'boolean' ? value : null;
  };
  return { database: flag('database'), schema: flag('schema'), identifier: flag('identifier'), column: flag('column') };
}

// `quoting: {column: <bool>}` of a source or source table, when set.
function quotingColumn(props: Record<string, unknown>): boolean | null {
  const quoting = props.quoting;
  return isRecord(quoting) && typeof quoting.column === 'boolean' ? quoting.column : null;
}
