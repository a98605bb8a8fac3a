// Applies YAML `models:`, `seeds:`, `snapshots:`, `analyses:` and top-level `data_tests:`
// entries to the nodes read from files (dbt calls these patches), defines YAML snapshots,
// handles model versions, and creates the generic tests declared on them.
import { posix } from 'node:path';
import { isReelhouseError, userError, type Diagnostic } from '../../core/diagnostic.js';
import type { CompiledNode, ResourceType, TimeSpine } from '../types.js';
import { checkConfigTypes, normalizeConfig, normalizeConfigKey, updateUnrendered } from './config-merge.js';
import { mergeUnderRoot, rootKeysLast } from './root-config-last.js';
import { isoDeprecationDate } from './deprecation-date.js';
import { fileChecksum, folderParts } from './files.js';
import { buildGenericTest, type TestTarget } from './generic-tests.js';
import { addNode, makeNode, nameKey, reconfigureNode, syncFromConfig, type LoadState, type PackageContext } from './load-state.js';
import { renderTree } from './render-values.js';
import { pyRepr } from './python-repr.js';
import { isRecord } from './yaml-file.js';
import { columnsOf, entriesOf, testsOf, type Entry, type PropertyFile } from './yaml-entries.js';
import { versionColumns } from './version-columns.js';
import { MOVED_TO_CONFIG, checkMovedTwice, modelEntryConfig, versionConfig } from './version-config.js';

const PATCH_KEYS: [string, ResourceType][] = [['models', 'model'], ['seeds', 'seed'], ['snapshots', 'snapshot'], ['analyses', 'analysis'], ['data_tests', 'test']];

/** Applies the node patches of every property file; `packages` maps names to contexts. */
export function applyNodePatches(state: LoadState, files: PropertyFile[], packages: Map<string, PackageContext>): CompiledNode[] {
  const patched = new Map<string, Entry>();
  const tests: CompiledNode[] = [];
  for (const pf of files) {
    const pkg = packages.get(pf.packageName)!;
    for (const [key, type] of PATCH_KEYS) {
      for (const entry of patchEntries(state, pf, key)) {
        if (type === 'model' && Array.isArray(entry.value.versions) && entry.value.versions.length > 0) {
          tests.push(...patchVersionedModel(state, pkg, entry, patched));
          continue;
        }
        let nodes = state.byName.get(nameKey(type, pkg.name, entry.name));
        if (!nodes && type === 'snapshot' && typeof entry.value.relation === 'string') nodes = [yamlSnapshot(state, pkg, entry)];
        if (!nodes) {
          const refable = type === 'model' || type === 'seed' || type === 'snapshot' ? refableNamed(state, pkg.name, entry.name) : undefined;
          state.diagnostics.push(
            refable && refable.resource_type !== type && refable.config.enabled !== false
              ? wrongSection(entry, key, refable.resource_type, pf)
              : {
                  code: 'patch-missing-node', severity: 'warning',
                  message: `Did not find matching node for patch with name '${entry.name}' in the '${key}' section of file '${pf.file.rel}'.`,
                  location: { file: pf.file.abs, line: entry.line },
                  hint: `Check that a ${type} file named ${entry.name} exists in package '${pkg.name}', or remove this entry.`,
                  event: { data: { patch_name: entry.name, yaml_key: key, file_path: pf.file.rel } },
                },
          );
          // dbt still builds the entry's tests from ref(name): a `models:` entry naming a seed tests the seed.
          if (refable) tests.push(...testsFor(state, pkg, refable, entry, entry.value, null));
          // With nothing of that name the tests are still made: their ref(name) then finds no
          // node, so linking disables them with dbt's warning, as dbt does.
          else if (type === 'model' || type === 'seed' || type === 'snapshot') tests.push(...targetTests(state, pkg, entry, { kind: 'node', name: entry.name, version: null, attachedNode: null, disabled: false }));
          continue;
        }
        for (const node of nodes) {
          checkSameName(nodes, node);
          checkDuplicate(patched, node, entry);
          const columns = patchNode(state, pkg, node, entry, entry.value);
          tests.push(...testsFor(state, pkg, node, entry, entry.value, null, columns));
        }
      }
    }
  }
  return tests;
}

/**
 * dbt's WrongResourceSchemaFile: a `models:`, `seeds:` or `snapshots:` entry naming a node ref()
 * finds under another type (a seed described under models:). dbt leaves the node unpatched.
 */
function wrongSection(entry: Entry, key: string, actual: string, pf: PropertyFile): Diagnostic {
  const plural = `${actual}s`;
  return {
    code: 'patch-wrong-section', severity: 'warning',
    message: `'${entry.name}' is a ${actual} node, but it is specified in the ${key} section of ${pf.file.rel}.`,
    location: { file: pf.file.abs, line: entry.line },
    hint: `To fix this error, place the \`${entry.name}\` specification under the ${plural} key instead.`,
    event: { data: { patch_name: entry.name, resource_type: actual, plural_resource_type: plural, yaml_key: key, file_path: pf.file.rel } },
  };
}

/** The model, seed or snapshot a ref(name) in this package would find, for tests of a patch filed under another section. */
function refableNamed(state: LoadState, pkgName: string, name: string): CompiledNode | undefined {
  for (const type of ['model', 'seed', 'snapshot'] as const) {
    const nodes = state.byName.get(nameKey(type, pkgName, name));
    const node = nodes?.find((n) => n.config.enabled !== false) ?? nodes?.[0];
    if (node) return node;
  }
  return undefined;
}

/**
 * The entries of one patch section. A malformed `data_tests:` section (singular test patches)
 * is a warning in dbt, which then skips the section; the other sections stay errors.
 */
function patchEntries(state: LoadState, pf: PropertyFile, key: string): Entry[] {
  if (key !== 'data_tests') return entriesOf(pf, key);
  try {
    return entriesOf(pf, key);
  } catch (error) {
    if (!isReelhouseError(error) || error.diagnostic.code !== 'yaml-invalid-shape') throw error;
    state.diagnostics.push({
      code: 'yaml-invalid-shape', severity: 'warning',
      message: `Unable to parse '${key}' section of file '${pf.file.rel}'\n${error.diagnostic.message}`,
      ...(error.diagnostic.location ? { location: error.diagnostic.location } : {}),
      ...(error.diagnostic.hint ? { hint: error.diagnostic.hint } : {}),
    });
    return [];
  }
}

/** A resource type's plural as dbt's NodeType.pluralize writes it in messages (tests are `data_tests`). */
export function pluralResourceType(type: string): string {
  return type === 'test' ? 'data_tests' : type === 'analysis' ? 'analyses' : `${type}s`;
}

/** Two enabled files that make the same node: reported as dbt does, before their shared YAML entry looks patched twice. */
function checkSameName(nodes: CompiledNode[], node: CompiledNode): void {
  const twin = nodes.find((n) => n !== node && n.unique_id === node.unique_id && n.config.enabled !== false);
  if (twin && node.config.enabled !== false) {
    throw userError('duplicate-node', `dbt found two ${pluralResourceType(node.resource_type)} with the name "${node.name}" in package '${node.package_name}': ${twin.original_file_path} and ${node.original_file_path}.`,
      { file: node.origin.file, line: node.origin.line }, 'Rename one of them (names are unique within a package), or disable one with enabled: false.');
  }
}

function checkDuplicate(patched: Map<string, Entry>, node: CompiledNode, entry: Entry): void {
  const prev = patched.get(node.unique_id);
  if (prev) {
    // dbt's DuplicatePatchPathError, word for word (its second file has no leading " - ").
    const here = entry.pf.file.rel;
    const there = prev.pf.file.rel;
    const fix = here === there
      ? `remove one of the resource entries for ${entry.name} in this file:\n - ${here}`
      : `remove the resource entry for ${entry.name} in one of these files:\n - ${here}\n${there}`;
    throw userError('duplicate-patch',
      `dbt found two schema.yml entries for the same resource named ${entry.name}. Resources and their associated columns may only be described a single time. To fix this, ${fix}`,
      { file: entry.pf.file.abs, line: entry.line }, `The ${node.resource_type}'s entries are at ${there}:${prev.line} and ${here}:${entry.line}: merge them into one.`);
  }
  patched.set(node.unique_id, entry);
}

/** Merges one YAML entry's properties and config into a node; returns the entry's columns (for their tests). */
function patchNode(state: LoadState, pkg: PackageContext, node: CompiledNode, entry: Entry, value: Record<string, unknown>): Columns {
  const { pf } = entry;
  if (typeof value.description === 'string') node.description = value.description;
  node.patch_path = pf.patchPath;
  const columns = columnsOf({ pf, value, line: entry.line }, state.renderContext(pkg.name));
  if (columns.length > 0) {
    node.columns = {};
    for (const { column } of columns) node.columns[column.name] = column;
  }
  // Only the properties dbt moves into config: reach it. A top-level tags: is no property of a
  // model, seed or snapshot entry in dbt (only config: tags: is), so it tags nothing; nor is
  // deprecation_date a config.
  const layer: Record<string, unknown> = {};
  for (const key of MOVED_TO_CONFIG) {
    if (value[key] !== undefined && value[key] !== null) layer[key] = value[key];
  }
  if (value.config !== undefined && value.config !== null && !isRecord(value.config)) {
    throw userError('yaml-invalid-shape', `config: of '${entry.name}' must be a mapping.`, { file: pf.file.abs, line: pf.lines.keyLine(value, 'config', entry.line) },
      'Write each setting as key: value under config:, without a leading "- " (for example config: {materialized: view}).');
  }
  const rawConfig = isRecord(value.config) ? value.config : {};
  // A version's value is checked as its model entry was written (patchVersionedModel).
  if (value === entry.value) checkMovedTwice(entry, value, rawConfig);
  // Most entries set no config at all (a description and columns): nothing to render or merge.
  if (!isEmpty(layer) || !isEmpty(rawConfig)) {
    const rendered = renderTree(rawConfig, state.renderContext(pkg.name),
      (path) => ({ file: pf.file.abs, line: pf.lines.keyLine(rawConfig, path[0] ?? '', entry.line) }),
      (path) => path.length > 0 && /^\+?\s*(pre|post)[-_]hook$/.test(path[0]!)) as Record<string, unknown>;
    // Top-level properties (meta, docs, group, contract, access) first, then `config:`, with the usual merge rules;
    // dbt renders them too (`meta: {tier: "{{ target.name }}"}`).
    const renderedLayer = renderTree(layer, state.renderContext(pkg.name), (path) => ({ file: pf.file.abs, line: pf.lines.keyLine(value, path[0] ?? '', entry.line) })) as Record<string, unknown>;
    // Each layer merges onto the node's config so far: a `+` grant key extends the grants the
    // project gave, which merging the two layers with each other first would lose.
    // A package node's config stays under the root project's dbt_project.yml, as in dbt (root-config-last.ts).
    node.config = mergeUnderRoot(node, [normalizeConfig(renderedLayer), normalizeConfig(rendered)]);
    // dbt's unrendered_config takes the entry's config: (with the top-level meta, docs, group,
    // contract and access it moves there, after config:'s own keys), each key replacing the
    // project's whole.
    const unrenderedPatch: Record<string, unknown> = { ...rawConfig };
    for (const key of MOVED_TO_CONFIG) if (value[key] !== undefined && value[key] !== null) unrenderedPatch[key] = value[key];
    node.unrendered_config = rootKeysLast(node, updateUnrendered({ ...node.unrendered_config }, unrenderedPatch));
    checkConfigTypes(node, (key) => {
      const written = Object.keys(rawConfig).find((k) => normalizeConfigKey(k) === key);
      return written === undefined ? undefined : { file: pf.file.abs, line: pf.lines.keyLine(rawConfig, written, entry.line) };
    });
  }
  if (Array.isArray(value.constraints)) node.constraints = value.constraints;
  if (typeof value.deprecation_date === 'string') node.deprecation_date = isoDeprecationDate(value.deprecation_date);
  if (value.time_spine !== undefined && value.time_spine !== null) node.time_spine = timeSpineOf(value.time_spine, entry);
  syncFromConfig(node, state);
  return columns;
}

type Columns = ReturnType<typeof columnsOf>;

function isEmpty(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return false;
  return true;
}

/** A model's `time_spine:` as dbt's TimeSpine; its standard grain column must be one of the model's columns, with a granularity. */
function timeSpineOf(raw: unknown, entry: Entry): TimeSpine {
  const at = { file: entry.pf.file.abs, line: entry.pf.lines.keyLine(entry.value, 'time_spine', entry.line) };
  if (!isRecord(raw) || typeof raw.standard_granularity_column !== 'string') {
    throw userError('yaml-invalid-shape', `time_spine: of '${entry.name}' needs standard_granularity_column: <column>.`, at,
      'Name the column holding one row per day (or finer), e.g. time_spine: {standard_granularity_column: date_day}.');
  }
  const column = raw.standard_granularity_column;
  // As dbt: with latest_version set, the columns of that version; else the model's own.
  const latest = entry.value.latest_version;
  const versions = Array.isArray(entry.value.versions) ? entry.value.versions.filter(isRecord) : [];
  const latestVersion = latest === undefined || latest === null ? undefined : versions.find((v) => String(v.v) === String(latest));
  const written = latestVersion ? versionColumns(entry.pf, entry.value.columns, latestVersion.columns, entry.name, entry.line) : entry.value.columns;
  const columns = Array.isArray(written) ? written.filter(isRecord) : [];
  const declared = columns.find((c) => c.name === column);
  // dbt checks these at parse: the semantic layer reads the grain from the column's properties.
  if (declared === undefined) {
    throw userError('time-spine-invalid', `Time spine standard granularity column must be defined on the model. Got invalid column name '${column}' for model '${entry.name}'. Valid names${latestVersion ? ' for latest version' : ''}: ${pyList(columns.map((c) => String(c.name)))}.`, at,
      `Add - name: ${column} with a granularity: (e.g. day) under the model's columns:.`);
  }
  if (typeof declared.granularity !== 'string') {
    throw userError('time-spine-invalid', `Time spine standard granularity column must have a granularity defined. Please add one for column '${column}' in model '${entry.name}'.`, at,
      `Add granularity: day (or the column's grain) to column ${column}.`);
  }
  const custom = Array.isArray(raw.custom_granularities) ? raw.custom_granularities.filter(isRecord) : [];
  // A custom grain reads its own column (column_name, else a column named as the grain).
  const missing = custom.map((g) => String(typeof g.column_name === 'string' && g.column_name !== '' ? g.column_name : g.name)).filter((name) => !columns.some((c) => c.name === name));
  if (missing.length > 0) {
    throw userError('time-spine-invalid', `Time spine custom granularity columns do not exist in the model. Columns not found: ${pyList(missing)}; Available columns: ${pyList(columns.map((c) => String(c.name)))}`, at,
      `Declare ${missing.join(', ')} under the model's columns:, or set column_name: on the custom granularity to a declared column.`);
  }
  return {
    standard_granularity_column: column,
    custom_granularities: custom.map((g) => ({ name: String(g.name), column_name: typeof g.column_name === 'string' ? g.column_name : null })),
  };
}

// Names as Python prints a list of strings, as dbt's messages show them.
function pyList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}

function testsFor(
  state: LoadState,
  pkg: PackageContext,
  node: CompiledNode,
  entry: Entry,
  value: Record<string, unknown>,
  version: string | number | null,
  columns: Columns = columnsOf({ pf: entry.pf, value, line: entry.line }),
): CompiledNode[] {
  const target = { kind: 'node', name: node.name, version, attachedNode: node.unique_id, disabled: node.config.enabled === false } as const;
  return targetTests(state, pkg, entry, target, value, columns);
}

/** The generic tests a YAML entry declares on its columns and itself, for the target they test. */
function targetTests(
  state: LoadState,
  pkg: PackageContext,
  entry: Entry,
  of: Pick<TestTarget, 'kind' | 'name' | 'version' | 'attachedNode' | 'disabled'>,
  value: Record<string, unknown> = entry.value,
  columns: Columns = columnsOf({ pf: entry.pf, value, line: entry.line }),
): CompiledNode[] {
  const { pf } = entry;
  // Written out, not spread from `of`: a spread here was a slow generic copy per entry.
  const target: TestTarget = { kind: of.kind, name: of.name, version: of.version, attachedNode: of.attachedNode, disabled: of.disabled, yamlRel: pf.file.rel, yamlAbs: pf.file.abs };
  const out: CompiledNode[] = [];
  // dbt quotes a test's column when the column says so, else when the entry's quote_columns does.
  const quoteColumns = typeof value.quote_columns === 'boolean' ? value.quote_columns : null;
  for (const { column, tests } of columns) {
    if (tests.length === 0) continue;
    // One description of the column for all of its tests (they only read it).
    const tested = { name: column.name, quote: column.quote ?? quoteColumns, tags: column.tags };
    for (const t of tests) out.push(buildGenericTest(state, pkg, target, t.test, tested, t.line));
  }
  for (const t of testsOf({ pf, value, line: entry.line })) out.push(buildGenericTest(state, pkg, target, t.test, null, t.line));
  return out;
}

/** A snapshot defined in YAML (dbt 1.9+): `relation:` names what to snapshot. */
function yamlSnapshot(state: LoadState, pkg: PackageContext, entry: Entry): CompiledNode {
  const { pf } = entry;
  const relation = String(entry.value.relation);
  const rawCode = `select * from {{ ${relation.replace(/^\s*\{\{\s*|\s*\}\}\s*$/g, '')} }}`;
  const rel = pf.file.relToResource;
  const node = makeNode(state, pkg, {
    resourceType: 'snapshot', name: entry.name, uniqueId: `snapshot.${pkg.name}.${entry.name}`, fqn: [pkg.name, ...folderParts(rel), entry.name],
    // As dbt: the node's path is its own `<name>.sql` under the YAML file's path (snaps.yml/x.sql),
    // so its run SQL lands at target/run/<pkg>/snapshots/snaps.yml/snaps.yml/x.sql as dbt's does;
    // its checksum is the YAML file's, so any edit of that file makes it state:modified.
    file: pf.file.abs, rel: pf.file.rel, path: posix.join(rel, `${entry.name}.sql`), rawCode, checksum: fileChecksum(pf.file.text), line: entry.line,
  });
  addNode(state, node);
  return node;
}

/** A model with `versions:`: each version is its own node (`model.pkg.name.v2`). */
function patchVersionedModel(state: LoadState, pkg: PackageContext, entry: Entry, patched: Map<string, Entry>): CompiledNode[] {
  const { pf } = entry;
  const versions = entry.value.versions as unknown[];
  const vs = versions.map((v, i) => {
    if (!isRecord(v) || v.v === undefined || v.v === null) {
      // dbt's schema check of the entry, in its words.
      const problem = !isRecord(v) ? `at path ['versions'][${i}]: ${pyRepr(v)} is not of type 'object'`
        : v.v === undefined ? `at path ['versions'][${i}]: 'v' is a required property` : `at path ['versions'][${i}]['v']: None is not valid under any of the given schemas`;
      throw userError('yaml-invalid-shape', `Invalid models config given in ${pf.file.rel} @ models: ${pyRepr(entry.value)} - ${problem}`,
        { file: pf.file.abs, line: pf.lines.itemLine(versions, i, entry.line) }, `Give each entry of versions: of model '${entry.name}' its version, e.g. - v: 2.`);
    }
    return { v: writtenVersion(pf, v, 'v')!, value: v, line: pf.lines.itemLine(versions, i, entry.line) };
  });
  checkVersionList(pf, entry, vs);
  const latest = (writtenVersion(pf, entry.value, 'latest_version') ?? vs.map((x) => x.v).reduce<string | number | undefined>((a, b) => (a === undefined || versionBefore(a, b) ? b : a), undefined)) as string | number;
  const tests: CompiledNode[] = [];
  for (const ver of vs) {
    const definedIn = typeof ver.value.defined_in === 'string' ? ver.value.defined_in : `${entry.name}_v${ver.v}`;
    let nodes = state.byName.get(nameKey('model', pkg.name, definedIn));
    if (!nodes && String(ver.v) === String(latest)) nodes = state.byName.get(nameKey('model', pkg.name, entry.name));
    const node = nodes?.[0];
    if (!node) {
      state.diagnostics.push({ code: 'patch-missing-node', severity: 'warning', message: `Version ${ver.v} of model '${entry.name}' has no file ${definedIn}.sql.`, location: { file: pf.file.abs, line: ver.line }, hint: 'Create the file, or set defined_in: to the file that defines this version.' });
      continue;
    }
    state.byName.delete(nameKey('model', pkg.name, node.name));
    node.name = entry.name;
    node.version = ver.v;
    node.latest_version = latest;
    node.unique_id = `model.${pkg.name}.${entry.name}.v${ver.v}`;
    node.fqn = [...node.fqn.slice(0, -1), entry.name, `v${ver.v}`];
    reconfigureNode(state, pkg, node);
    const key = nameKey('model', pkg.name, entry.name);
    state.byName.set(key, [...(state.byName.get(key) ?? []), node]);
    checkDuplicate(patched, node, entry);
    // A version's own properties replace the model's (tests too, when given); its columns are the
    // model's, filtered by an include/exclude element, plus the version's own column entries.
    const { versions: _v, latest_version: _l, ...modelProps } = entry.value;
    const { v: _vv, defined_in: _d, ...verProps } = ver.value;
    const modelConfig = modelEntryConfig(entry, modelProps);
    for (const key of MOVED_TO_CONFIG) delete modelProps[key];
    const merged: Record<string, unknown> = { ...modelProps, ...verProps };
    if (modelProps.columns !== undefined || verProps.columns !== undefined) merged.columns = versionColumns(pf, modelProps.columns, verProps.columns, entry.name, ver.line);
    const config = versionConfig(modelConfig, verProps.config);
    if (config !== undefined) merged.config = config;
    // dbt gives a version only its own deprecation_date: the model entry's is not inherited.
    if (verProps.deprecation_date === undefined) delete merged.deprecation_date;
    const columns = patchNode(state, pkg, node, entry, merged);
    tests.push(...testsFor(state, pkg, node, entry, merged, ver.v, columns));
  }
  return tests;
}

/** dbt's order of versions (UnparsedVersion): as numbers when both read as numbers, else as text. */
function versionBefore(a: string | number, b: string | number): boolean {
  const x = Number(a);
  const y = Number(b);
  if (String(a).trim() !== '' && String(b).trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x < y;
  return String(a) < String(b);
}

/** dbt's checks of a `versions:` list: latest_version is one of them, and no version is listed twice. */
function checkVersionList(pf: PropertyFile, entry: Entry, vs: { v: string | number; line: number }[]): void {
  const latest = writtenVersion(pf, entry.value, 'latest_version');
  if (latest !== undefined && latest !== '' && latest !== 0 && !vs.some((x) => String(x.v) === String(latest))) {
    const listed = `[${vs.map((x) => (typeof x.v === 'string' && !/^\d+\.\d+$/u.test(x.v) ? `'${x.v}'` : String(x.v))).join(', ')}]`;
    throw userError(
      'yaml-invalid-shape',
      `latest_version: ${String(latest)} is not one of model '${entry.name}' versions: ${listed}`,
      { file: pf.file.abs, line: pf.lines.keyLine(entry.value, 'latest_version', entry.line) },
      `Set latest_version to one of the versions listed under versions:, or add version ${String(latest)}.`,
    );
  }
  const seen = new Set<string>();
  for (const ver of vs) {
    if (seen.has(String(ver.v))) {
      throw userError('yaml-invalid-shape', `Found duplicate version: '${String(ver.v)}' in versions list of model '${entry.name}'`, { file: pf.file.abs, line: ver.line }, 'List each version once.');
    }
    seen.add(String(ver.v));
  }
}

/**
 * A version as dbt names it. YAML reads `5.0` as the number 5, but dbt keeps the float, whose
 * text (`5.0`) is part of the node's id and what ref(v=5.0) matches; the written text says which.
 */
function writtenVersion(pf: PropertyFile, obj: Record<string, unknown>, key: string): string | number | undefined {
  const value = obj[key] as string | number | null | undefined;
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return value;
  const line = pf.file.text.split('\n')[pf.lines.keyLine(obj, key) - 1] ?? '';
  const written = new RegExp(`(?:^|[\\s{,-])${key}\\s*:\\s*([-+]?[0-9][0-9_]*(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?)`).exec(line);
  return written && /[.eE]/.test(written[1]!) ? `${value}.0` : value;
}
