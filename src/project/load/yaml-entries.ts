// Helpers for reading entries of YAML property files with their lines.
import { userError, type SourceLocation } from '../../core/diagnostic.js';
import type { ColumnDef } from '../types.js';
import type { TextFile } from './resources.js';
import { isRecord, type YamlLines } from './yaml-file.js';
import { hasJinja, renderTree, type RenderContext } from './render-values.js';

/** One parsed property file with its package. */
export interface PropertyFile {
  file: TextFile;
  packageName: string;
  data: Record<string, unknown>;
  lines: YamlLines;
  /** dbt's patch_path of what the file describes (`package://path`): one string for all of them. */
  patchPath: string;
}

/** A named entry of a list (`models:`, `sources:`, ...) with where it is written. */
export interface Entry {
  pf: PropertyFile;
  value: Record<string, unknown>;
  name: string;
  line: number;
}

/** The entries of a top-level list key; wrong shapes are `yaml-invalid-shape` errors with the line. */
export function entriesOf(pf: PropertyFile, key: string): Entry[] {
  const list = pf.data[key];
  if (list === undefined || list === null) return [];
  const at = (line: number): SourceLocation => ({ file: pf.file.abs, line });
  if (!Array.isArray(list)) {
    throw userError('yaml-invalid-shape', `'${key}' is not a list: '${key}:' must be a list of entries (each starting with '- name: ...'), got ${describe(list)}.`, at(pf.lines.keyLine(pf.data, key)),
      `Write ${key}: as a YAML list, e.g.\n  ${key}:\n    - name: my_${key.replace(/s$/, '')}`);
  }
  return list.map((item, i) => {
    const line = pf.lines.itemLine(list, i);
    if (!isRecord(item)) throw userError('yaml-invalid-shape', `Each entry of '${key}:' must be a mapping with a name:, got ${describe(item)}.`, at(line), 'Start the entry with - name: <resource name>.');
    if (typeof item.name !== 'string' || item.name === '') {
      throw userError('yaml-invalid-shape', `Entry did not contain a name: an entry of '${key}:' has no name:.`, at(line), 'Every entry needs name: <resource name>.');
    }
    return { pf, value: item, name: item.name, line };
  });
}

/** A sub-list of an entry (columns, tables, data_tests); null/absent gives []. */
export function listOf(entry: { pf: PropertyFile; value: Record<string, unknown>; line: number }, key: string): unknown[] {
  const v = entry.value[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    throw userError('yaml-invalid-shape', `'${key}:' must be a list, got ${describe(v)}.`, { file: entry.pf.file.abs, line: entry.pf.lines.keyLine(entry.value, key, entry.line) }, `Write ${key}: as a YAML list of entries.`);
  }
  return v;
}

/** The tests of an entry: `data_tests:` and the older `tests:`, with each item's line. */
export function testsOf(entry: { pf: PropertyFile; value: Record<string, unknown>; line: number }): { test: unknown; line: number }[] {
  const old = entry.value['tests'];
  // dbt renames tests: to data_tests:, and refuses an entry that has both.
  if (Array.isArray(old) && old.length > 0 && entry.value['data_tests'] !== undefined) {
    throw userError(
      'yaml-invalid-shape',
      "Invalid test config: cannot have both 'tests' and 'data_tests' defined",
      { file: entry.pf.file.abs, line: entry.pf.lines.keyLine(entry.value, 'tests', entry.line) },
      'Move the tests under data_tests: (tests: is its older name).',
    );
  }
  const out: { test: unknown; line: number }[] = [];
  for (const key of ['data_tests', 'tests']) {
    const list = listOf(entry, key);
    list.forEach((test, i) => out.push({ test, line: entry.pf.lines.itemLine(list, i, entry.line) }));
  }
  return out;
}

/**
 * Columns of an entry as ColumnDefs, plus each column's tests. With `context`, a column's
 * properties are rendered as dbt renders property files (data_type, meta, constraints...), all
 * but its description and tests, which are rendered later.
 */
export function columnsOf(
  entry: { pf: PropertyFile; value: Record<string, unknown>; line: number },
  context?: RenderContext,
): { column: ColumnDef; tests: { test: unknown; line: number }[]; line: number }[] {
  const list = listOf(entry, 'columns');
  return list.map((raw, i) => {
    const line = entry.pf.lines.itemLine(list, i, entry.line);
    const c = context && isRecord(raw) && holdsJinja(raw) ? (renderTree(raw, context, () => ({ file: entry.pf.file.abs, line }), unrenderedColumnKey) as Record<string, unknown>) : raw;
    if (!isRecord(c) || typeof c.name !== 'string') {
      throw userError('yaml-invalid-shape', 'Each column needs a name:.', { file: entry.pf.file.abs, line }, 'Write columns as - name: <column> entries.');
    }
    const cfg = isRecord(c.config) ? c.config : NO_CONFIG;
    // A second spread in one literal is a slow generic copy: it is written only when needed.
    const meta = isRecord(cfg.meta) ? { ...(isRecord(c.meta) ? c.meta : {}), ...cfg.meta } : isRecord(c.meta) ? { ...c.meta } : {};
    // Most columns have no tags: the lists and the set are made only for those that do.
    const tags = c.tags === undefined && cfg.tags === undefined ? [] : [...new Set([...toList(c.tags), ...toList(cfg.tags)])];
    // dbt's ColumnInfo keeps the keys it does not know (packages read their own column settings,
    // `model.columns[x].<key>`) and, since 1.10, the column's config as `config`; then its own
    // fields. Written into that one object in this order (not assigned from a second one: a
    // large project has tens of thousands of columns).
    const column = additionalColumnKeys(c) as Record<string, unknown> & ColumnDef;
    column['config'] = { meta, tags };
    column.name = c.name;
    column.description = typeof c.description === 'string' ? c.description : '';
    column.data_type = typeof c.data_type === 'string' ? c.data_type : null;
    column.meta = meta;
    column.tags = tags;
    column.quote = typeof c.quote === 'boolean' ? c.quote : null;
    column.constraints = Array.isArray(c.constraints) ? c.constraints : [];
    if (column.constraints.length > 0) checkConstraintTypes(column.constraints, c.name, entry.pf, isRecord(raw) ? raw.constraints : undefined, line);
    if (typeof c.granularity === 'string') {
      if (!TIME_GRANULARITIES.has(c.granularity.toLowerCase())) {
        throw userError('yaml-invalid-shape', `'${c.granularity}' is not a valid TimeGranularity`, { file: entry.pf.file.abs, line: entry.pf.lines.keyLine(raw, 'granularity', line) },
          `Set granularity: of column ${c.name} to one of ${[...TIME_GRANULARITIES].join(', ')}.`);
      }
      column.granularity = c.granularity;
    }
    return { column, tests: testsOf({ pf: entry.pf, value: c, line }), line };
  });
}

// dbt's TimeGranularity values, which a column's `granularity:` must be one of.
const TIME_GRANULARITIES: ReadonlySet<string> = new Set(['nanosecond', 'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year']);

/** The constraint types dbt knows, in its order. */
const CONSTRAINT_TYPES: readonly string[] = ['check', 'not_null', 'unique', 'primary_key', 'foreign_key', 'custom'];

// dbt checks the constraints of every column it reads from YAML (models, seeds, snapshots,
// analyses and source tables alike), contract or not: each needs a type it knows.
function checkConstraintTypes(constraints: unknown[], columnName: string, pf: PropertyFile, written: unknown, line: number): void {
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i];
    if (isRecord(c) && CONSTRAINT_TYPES.includes(String(c.type))) continue;
    throw userError('constraint-invalid', `Invalid constraint type on column ${columnName}`, { file: pf.file.abs, line: pf.lines.itemLine(written, i, line) },
      `Give each constraint of column ${columnName} a type among ${CONSTRAINT_TYPES.join(', ')}.`);
  }
}

// What a column without `config:` reads as its config (never written to).
const NO_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({});

// The keys of a column entry beyond those dbt's ColumnInfo reads (its tests are parsed apart).
const COLUMN_KEYS = new Set(['name', 'description', 'data_type', 'meta', 'tags', 'quote', 'constraints', 'config', 'tests', 'data_tests', 'doc_blocks', 'granularity']);
function additionalColumnKeys(c: Record<string, unknown>): Record<string, unknown> {
  // A loop, not entries/filter/fromEntries: large projects have tens of thousands of columns.
  const out: Record<string, unknown> = {};
  for (const k in c) if (!COLUMN_KEYS.has(k)) out[k] = c[k];
  return out;
}

// A column's description and tests keep their Jinja: dbt renders them later (docs, test kwargs).
function unrenderedColumnKey(path: readonly string[]): boolean {
  return path.length > 0 && isUnrenderedKey(path[0]!);
}

function isUnrenderedKey(key: string): boolean {
  return key === 'description' || key === 'data_tests' || key === 'tests';
}

// Whether any string of a column entry (its description and tests aside) holds Jinja: most hold
// none. Loops, not entries/some: large projects have tens of thousands of columns.
function holdsJinja(value: unknown, top = true): boolean {
  if (typeof value === 'string') return hasJinja(value);
  if (Array.isArray(value)) {
    for (const v of value) if (holdsJinja(v, false)) return true;
    return false;
  }
  if (isRecord(value)) {
    for (const k of Object.keys(value)) {
      if (top && isUnrenderedKey(k)) continue;
      if (holdsJinja(value[k], false)) return true;
    }
  }
  return false;
}

/** Tags as a list of strings. */
export function toList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'nothing';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
