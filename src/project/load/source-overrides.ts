// A source entry with `overrides: <package>` patches the package's source of that name instead
// of defining one (https://docs.getdbt.com/reference/resource-properties/overrides; deprecated in
// dbt 1.10, still applied). As dbt's SourcePatcher: the patch's source-level properties replace
// the package's, its `config:` always (an override without one drops the package source's
// config), its freshness always (an override without one drops it); each table it lists patches
// the package table of that name, its quoting and freshness always; tables it does not list keep
// theirs. Overrides that match no package source or table are warned about, as dbt does. dbt's
// SourceOverrideDeprecation comes from its JSON-schema checks, which run on Snowflake, Databricks,
// BigQuery and Redshift alone: on DuckDB it is a debug line.
import { userError, type Diagnostic } from '../../core/diagnostic.js';
import { isRecord } from './yaml-file.js';
import type { PropertyFile } from './yaml-entries.js';

/** One `overrides:` source entry and which of its tables found a target. */
export interface SourcePatch {
  pf: PropertyFile;
  value: Record<string, unknown>;
  line: number;
  overrides: string;
  name: string;
  /** Set once a package source of this name was patched. */
  used: boolean;
  usedTables: Set<string>;
}

const SOURCE_KEYS = ['description', 'meta', 'database', 'schema', 'loader', 'quoting', 'loaded_at_field', 'loaded_at_query', 'tags'];
const TABLE_KEYS = ['description', 'meta', 'data_type', 'docs', 'loaded_at_field', 'loaded_at_query', 'identifier', 'external', 'tags', 'data_tests', 'tests', 'columns'];

/** The `overrides:` entries of the property files, by package and source name; the first gets dbt's deprecation text, at debug level. */
export function collectSourcePatches(files: PropertyFile[], diagnostics: Diagnostic[]): Map<string, SourcePatch> {
  const patches = new Map<string, SourcePatch>();
  for (const pf of files) {
    const list = pf.data['sources'];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (!isRecord(item) || item['overrides'] === undefined || typeof item['name'] !== 'string') return;
      const line = pf.lines.itemLine(list, i);
      const overrides = String(item['overrides']);
      const key = patchKey(overrides, item['name']);
      const earlier = patches.get(key);
      if (earlier) {
        throw userError('duplicate-source-patch', `dbt found two schema.yml entries for the same source named ${item['name']} in package ${overrides}. Sources may only be overridden a single time. To fix this, remove one of the overrides: ${earlier.pf.file.rel} and ${pf.file.rel}`, { file: pf.file.abs, line });
      }
      patches.set(key, { pf, value: item, line, overrides, name: item['name'], used: false, usedTables: new Set() });
      // dbt shows a deprecation once per invocation: the first override found.
      if (patches.size > 1) return;
      diagnostics.push({
        code: 'source-override-deprecated',
        severity: 'debug',
        message: `The source property \`overrides\` is deprecated but was found on source \`${item['name']}\` in file \`${pf.file.rel}\`. Instead, \`enabled\` should be used to disable the unwanted source.`,
        location: { file: pf.file.abs, line },
      });
    });
  }
  return patches;
}

/** The key a package's source is patched under. */
export function patchKey(packageName: string, sourceName: string): string {
  return `${packageName}\u0000${sourceName}`;
}

/** A package source's (rendered) properties with the patch's (rendered) source-level ones laid over them. */
export function patchedSource(src: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return layOver(src, patch, SOURCE_KEYS, 'config');
}

/** The patch's entry for a table, marking it used; undefined when the patch leaves the table alone. */
export function tablePatchFor(patch: SourcePatch, tableName: string): Record<string, unknown> | undefined {
  const tables = patch.value['tables'];
  const found = Array.isArray(tables) ? tables.find((t) => isRecord(t) && t['name'] === tableName) : undefined;
  if (!isRecord(found)) return undefined;
  patch.usedTables.add(tableName);
  return found;
}

/** A package table with the patch's table entry laid over it. */
export function patchedTable(table: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return layOver(table, patch, TABLE_KEYS, 'quoting');
}

// The patch's values for `keys` where it gives one; `replaced` (config, quoting) and freshness are
// always the patch's, so a patch without them drops the package's, as dbt's source patcher does.
function layOver(base: Record<string, unknown>, patch: Record<string, unknown>, keys: readonly string[], replaced: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of keys) if (patch[key] !== undefined && patch[key] !== null) out[key] = patch[key];
  out[replaced] = isRecord(patch[replaced]) ? patch[replaced] : {};
  if ('freshness' in patch) out['freshness'] = patch['freshness'];
  else delete out['freshness'];
  return out;
}

/** dbt's UnusedTables warning: overrides whose source, or some of whose tables, no package defines. */
export function unusedPatchWarning(patches: Map<string, SourcePatch>): Diagnostic | undefined {
  const lines: string[] = [];
  for (const patch of patches.values()) {
    const name = `${patch.overrides}.${patch.name}`;
    if (!patch.used) {
      lines.push(`  - Source ${name} (in ${patch.pf.file.rel})`);
      continue;
    }
    const tables = Array.isArray(patch.value['tables']) ? patch.value['tables'] : [];
    const unused = tables.filter((t): t is Record<string, unknown> => isRecord(t) && typeof t['name'] === 'string' && !patch.usedTables.has(t['name'] as string)).map((t) => t['name'] as string);
    for (const table of [...new Set(unused)].sort()) lines.push(`  - Source table ${name}.${table} (in ${patch.pf.file.rel})`);
  }
  if (lines.length === 0) return undefined;
  return { code: 'source-override-unused', severity: 'warning', message: ['During parsing, dbt encountered source overrides that had no target:', ...lines].join('\n') };
}
