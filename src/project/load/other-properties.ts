// The remaining YAML property kinds: exposures, unit tests, macro properties, groups, and
// the semantic-layer kinds (read by semantic-layer.ts).
import { createHash } from 'node:crypto';
import { userError } from '../../core/diagnostic.js';
import type { ExposureNode, UnitTestNode } from '../types.js';
import { normalizeConfig } from './config-merge.js';
import { metricCalls } from './exposure-metrics.js';
import { folderParts } from './files.js';
import { extractRefs } from './generic-tests.js';
import { nameKey, yamlResourceConfig, type LoadState, type PackageContext } from './load-state.js';
import { loadSemanticLayer } from './semantic-layer.js';
import { fixtureFileExists, fixtureFileText } from './unit-test-fixture-files.js';
import { keepBigIntegersExact } from './unit-test-big-integers.js';
import { checkSeedInput } from './unit-test-inputs.js';
import { pyRepr } from './python-repr.js';
import { macroArgumentWarnings } from './macro-arguments.js';
import { isRecord } from './yaml-file.js';
import { entriesOf, toList, type Entry, type PropertyFile } from './yaml-entries.js';
import { manifestFixtureRows, seedManifestRows } from './unit-test-manifest-rows.js';

// `anchors:` (dbt 1.10) holds YAML anchors that other entries of the file alias; it is no resource.
const KNOWN = new Set(['version', 'anchors', 'models', 'seeds', 'snapshots', 'analyses', 'macros', 'sources', 'exposures', 'unit_tests', 'data_tests', 'semantic_models', 'metrics', 'saved_queries', 'groups', 'functions']);

/**
 * Checks the top-level keys of a property file: version: must be 2. A key dbt does not know is
 * ignored, noted at debug level only: dbt 1.10 reports it (CustomTopLevelKeyDeprecation) from
 * its JSON-schema checks, which run on Snowflake, Databricks, BigQuery and Redshift alone.
 */
export function checkPropertyKeys(state: LoadState, pf: PropertyFile): void {
  // dbt's check_format_version: a version: line, when present, must be the integer 2.
  if ('version' in pf.data && pf.data.version !== 2) {
    throw userError('yaml-version', `The YAML property file ${pf.file.rel} must have a 'version: 2' property, found version: ${JSON.stringify(pf.data.version)}.`,
      { file: pf.file.abs, line: pf.lines.keyLine(pf.data, 'version') }, 'Write version: 2 (a number), or remove the line: it is optional.');
  }
  for (const key of Object.keys(pf.data)) {
    if (!KNOWN.has(key)) {
      state.diagnostics.push({ code: 'yaml-unknown-key', severity: 'debug', message: `Unknown key '${key}' in property file ${pf.file.rel} is ignored.`, location: { file: pf.file.abs, line: pf.lines.keyLine(pf.data, key) }, hint: `Known keys: ${[...KNOWN].join(', ')}.` });
    }
  }
}


/** Exposures, unit tests, macro properties, groups and semantic-layer kinds of one file. */
export function loadOtherProperties(state: LoadState, pf: PropertyFile, pkg: PackageContext): void {
  const m = state.manifest;
  for (const e of entriesOf(pf, 'exposures')) {
    // dbt's ExposureNameDeprecation: a name is letters, digits, underscores (and dashes); `label` is for display.
    if (!/^[\p{L}\p{N}_-]+$/u.test(e.name)) {
      state.diagnostics.push({
        code: 'exposure-name', severity: 'warning', location: { file: pf.file.abs, line: e.line },
        message: `Starting in v1.3, the 'name' of an exposure should contain only letters, numbers, and underscores. Exposures support a new property, 'label', which may contain spaces, capital letters, and special characters. ${e.name} does not follow this pattern. Please update the 'name', and use the 'label' property for a human-friendly title. This will raise an error in a future version of dbt-core.`,
        hint: `Rename the exposure and put '${e.name}' in its label:.`,
        event: { data: { exposure: e.name } },
      });
    }
    // dbt's schema checks of the entry, then its owner rule.
    checkExposureEnum(e, 'type', EXPOSURE_TYPES, true);
    checkExposureEnum(e, 'maturity', EXPOSURE_MATURITIES, false);
    checkOwner(e, 'exposure');
    const exposure = exposureNode(state, pkg, e);
    if (exposure.config.enabled === false) (m.disabled[exposure.unique_id] ??= []).push(exposure);
    else m.exposures[exposure.unique_id] = exposure;
  }
  for (const e of entriesOf(pf, 'unit_tests')) for (const ut of perModelVersion(state, pkg, e, unitTestNode(state, pkg, e))) {
    if (m.unit_tests[ut.unique_id]) throw userError('duplicate-node', `Unit test '${e.name}' of model '${ut.model}' is defined twice.`, { file: pf.file.abs, line: e.line }, 'Give each unit test of a model its own name.');
    if (ut.config.enabled === false) (m.disabled[ut.unique_id] ??= []).push(ut);
    else m.unit_tests[ut.unique_id] = ut;
  }
  for (const e of entriesOf(pf, 'macros')) {
    const macro = m.macros[`macro.${pkg.name}.${e.name}`];
    if (!macro) {
      state.diagnostics.push({ code: 'patch-missing-node', severity: 'warning', message: `Did not find macro '${e.name}' for the properties in ${pf.file.rel}.`, location: { file: pf.file.abs, line: e.line }, event: { name: 'MacroNotFoundForPatch', data: { patch_name: e.name } } });
      continue;
    }
    if (typeof e.value.description === 'string') macro.description = e.value.description;
    // As dbt: `meta`/`docs` may sit at the top or under `config:`; config's keys win, both are kept.
    const config = isRecord(e.value.config) ? e.value.config : {};
    if (isRecord(e.value.meta) || isRecord(config.meta)) macro.meta = { ...(isRecord(e.value.meta) ? e.value.meta : {}), ...(isRecord(config.meta) ? config.meta : {}) };
    if (isRecord(e.value.docs) || isRecord(config.docs)) {
      const docs = { ...(isRecord(e.value.docs) ? e.value.docs : {}), ...(isRecord(config.docs) ? config.docs : {}) };
      macro.docs = { show: docs.show !== false, node_color: typeof docs.node_color === 'string' ? docs.node_color : null };
    }
    const documented = Array.isArray(e.value.arguments)
      ? e.value.arguments.filter(isRecord).map((a) => ({ name: String(a.name), type: typeof a.type === 'string' ? a.type : null, description: typeof a.description === 'string' ? a.description : '' }))
      : [];
    if (state.rootProject.flags?.validate_macro_args === true) {
      // dbt checks documented arguments against the signature's and keeps the signature's when none are documented.
      if (documented.length > 0) {
        state.diagnostics.push(...macroArgumentWarnings(macro.name, macro.arguments.map((a) => ({ ...a, type: a.type ?? null })), documented, { file: pf.file.abs, line: e.line }));
        macro.arguments = documented;
      }
    } else if (Array.isArray(e.value.arguments)) macro.arguments = documented;
    macro.patch_path = pf.patchPath;
  }
  for (const e of entriesOf(pf, 'groups')) {
    checkOwner(e, 'group');
    const id = `group.${pkg.name}.${e.name}`;
    const prior = m.groups[id] as { original_file_path?: string } | undefined;
    if (prior) {
      // dbt's DuplicateResourceNameError, the new entry first.
      throw userError('duplicate-node',
        `dbt found two groups with the name "${e.name}".\n\nSince these resources have the same name, dbt will be unable to find the correct resource\nwhen looking for ${e.name}.\n\n` +
          `To fix this, change the name of one of these resources:\n- ${id} (${pf.file.rel})\n- ${id} (${String(prior.original_file_path)})`,
        { file: pf.file.abs, line: e.line }, 'Rename one of them (names are unique within a package).');
    }
    // Like an exposure, a group's path is its file's below the resource folder (models/x.yml -> x.yml).
    m.groups[id] = { ...e.value, package_name: pkg.name, path: pf.file.relToResource, original_file_path: pf.file.rel, unique_id: id, resource_type: 'group' };
  }
  loadSemanticLayer(state, pf, pkg);
}

function exposureNode(state: LoadState, pkg: PackageContext, e: Entry): ExposureNode {
  const v = e.value;
  const fqn = [pkg.name, ...folderParts(e.pf.file.relToResource), e.name];
  const { config, unrendered } = yamlResourceConfig(state, pkg, 'exposures', fqn, yamlConfig(v.config));
  const refs: ExposureNode['refs'] = [];
  const sources: ExposureNode['sources'] = [];
  const deps = v.depends_on ?? [];
  if (!Array.isArray(deps)) throw userError('yaml-invalid-shape', `depends_on: of exposure '${e.name}' must be a list like ["ref('orders')"].`, { file: e.pf.file.abs, line: e.pf.lines.keyLine(v, 'depends_on', e.line) });
  extractRefs(deps, refs, sources);
  const metrics = metricCalls(deps);
  const owner = isRecord(v.owner) ? v.owner : {};
  const type = typeof v.type === 'string' ? v.type : '';
  const meta = { ...(isRecord(v.meta) ? v.meta : {}), ...(isRecord(config.meta) ? config.meta : {}) };
  // dbt's ExposureConfig keeps tags as a sorted set.
  const tags = [...new Set([...toList(v.tags), ...toList(config.tags)])].sort();
  if (typeof config.enabled !== 'boolean') {
    throw userError('yaml-invalid-shape', `Invalid config for exposure '${e.name}': '${String(config.enabled)}' is not of type 'boolean'`, { file: e.pf.file.abs, line: e.pf.lines.keyLine(v, 'config', e.line) }, 'Set enabled: to true or false.');
  }
  return {
    unique_id: `exposure.${pkg.name}.${e.name}`,
    resource_type: 'exposure',
    package_name: pkg.name,
    name: e.name,
    fqn,
    original_file_path: e.pf.file.rel,
    path: e.pf.file.relToResource,
    description: typeof v.description === 'string' ? v.description : '',
    meta,
    tags,
    origin: { file: e.pf.file.abs, line: e.line, root: pkg.root },
    type,
    // dbt's Owner keeps keys beyond name and email (slack:, a team's handle) as written.
    owner: { ...owner, name: typeof owner.name === 'string' ? owner.name : null, email: typeof owner.email === 'string' ? owner.email : null },
    label: typeof v.label === 'string' ? v.label : null,
    maturity: typeof v.maturity === 'string' ? v.maturity : null,
    url: typeof v.url === 'string' ? v.url : null,
    depends_on: { macros: [], nodes: [] },
    refs,
    sources,
    metrics,
    // dbt's ExposureConfig declares enabled, tags and meta in that order; other keys follow.
    config: { enabled: config.enabled, tags, meta, ...otherKeys(config, ['enabled', 'tags', 'meta']) },
    unrendered_config: unrendered,
  };
}

/**
 * A unit test of a versioned model becomes one unit test per version (`<name>_v<N>`), as in
 * dbt; `versions: {include: [...]}` or `{exclude: [...]}` picks the versions, never both.
 */
function perModelVersion(state: LoadState, pkg: PackageContext, e: Entry, ut: UnitTestNode): UnitTestNode[] {
  const spec = e.value.versions;
  const where = { file: e.pf.file.abs, line: e.pf.lines.keyLine(e.value, 'versions', e.line) };
  const listed = (key: string): string[] | undefined => {
    const v = isRecord(spec) ? spec[key] : undefined;
    return v === undefined || v === null ? undefined : (Array.isArray(v) ? v : [v]).map(String);
  };
  const include = listed('include');
  const exclude = listed('exclude');
  if (include && exclude) {
    throw userError('yaml-invalid-shape', `Unit test '${e.name}': versions: cannot have both 'include' and 'exclude'.`, where, 'Keep one of include: and exclude:.');
  }
  const versions = (state.byName.get(nameKey('model', pkg.name, ut.model)) ?? [])
    .map((n) => n.version)
    .filter((v): v is string | number => v !== null && v !== undefined);
  if (versions.length === 0) {
    if (include || exclude) {
      throw userError('unit-test-invalid', `Unit test '${e.name}' should not have a versions include or exclude when referencing non-versioned model '${ut.model}'`, where, 'Remove versions: from the unit test.');
    }
    return [ut];
  }
  const picked = versions.filter((v) => (include ? include.includes(String(v)) : !exclude?.includes(String(v))));
  if (picked.length === 0) {
    throw userError('unit-test-invalid', `Unit test '${e.name}' referenced a version of '${ut.model}' which was not found.`, where,
      `Name versions the model has (${versions.map(String).join(', ')}) under versions:.`);
  }
  return picked
    .map((v) => {
      // Each copy keeps the test's name and fqn (dbt copies the definition and changes only its
      // unique_id, version and model), and links to its own version: depends_on must not be shared.
      return { ...ut, unique_id: `unit_test.${pkg.name}.${ut.model}.${ut.name}_v${v}`, version: v,
        depends_on: { macros: [], nodes: [] }, config: { ...ut.config } };
    });
}

// The include/exclude lists of a unit test's `versions:`, as dbt's definition keeps them (a lone value as a list of one).
function versionsSpec(spec: unknown): UnitTestNode['versions'] {
  if (!isRecord(spec)) return null;
  const list = (v: unknown): unknown[] | null => (v === undefined || v === null ? null : Array.isArray(v) ? v : [v]);
  return { include: list(spec.include), exclude: list(spec.exclude) };
}

function unitTestNode(state: LoadState, pkg: PackageContext, e: Entry): UnitTestNode {
  const v = e.value;
  const where = (key: string) => ({ file: e.pf.file.abs, line: e.pf.lines.keyLine(v, key, e.line) });
  if (typeof v.model !== 'string') throw userError('yaml-invalid-shape', `Unit test '${e.name}' needs model: <model name>.`, where('model'));
  if (!isRecord(v.expect)) throw userError('yaml-invalid-shape', `Unit test '${e.name}' needs expect: with rows.`, where('expect'), 'Add expect: {rows: [...]} with the rows the model should return.');
  const given = v.given ?? [];
  if (!Array.isArray(given)) throw userError('yaml-invalid-shape', `given: of unit test '${e.name}' must be a list of {input, rows}.`, where('given'));
  const fqn = [pkg.name, ...folderParts(e.pf.file.relToResource), v.model, e.name];
  const { config } = yamlResourceConfig(state, pkg, 'unit_tests', fqn, yamlConfig(v.config));
  const meta = isRecord(config.meta) ? config.meta : {};
  const tags = toList(config.tags);
  const fixture = (x: Record<string, unknown>) => {
    // dbt refuses at parse time a format it does not know, and csv/sql rows that are not text.
    const format = x.format ?? 'dict';
    if (format !== 'dict' && format !== 'csv' && format !== 'sql') {
      throw userError('yaml-invalid-shape', `Unit test '${e.name}': format '${String(format)}' is not one of 'dict', 'csv', 'sql'.`, where('given'));
    }
    if (format !== 'dict' && x.rows !== undefined && x.rows !== null && typeof x.rows !== 'string') {
      throw userError('yaml-invalid-shape', `Unit test '${e.name}': rows of a fixture with format '${format}' must be ${format === 'csv' ? 'CSV' : 'SQL'} text, not a list.`, where('given'),
        `Write rows: | followed by the ${format === 'csv' ? 'CSV lines' : 'SQL'}, or drop format: to give a list of mappings.`);
    }
    if (format !== 'dict' && typeof x.rows !== 'string' && typeof x.fixture !== 'string') {
      throw userError('yaml-invalid-shape', `Unit test '${e.name}' has ${x === v.expect ? 'expected' : 'input'} rows or fixtures which do not match format ${format}: expected rows given as text, or a fixture: file name.`, where(x === v.expect ? 'expect' : 'given'));
    }
    // A dict fixture's rows are a list of mappings (dbt: "rows which do not match format dict").
    if (format === 'dict' && x.rows !== undefined && x.rows !== null && !Array.isArray(x.rows)) {
      throw userError('yaml-invalid-shape', `Unit test '${e.name}' has ${x === v.expect ? 'expected' : 'input'} rows which do not match format dict: rows must be a list of mappings.`, where(x === v.expect ? 'expect' : 'given'),
        'Write rows as `- {id: 1, name: a}` entries, or set format: csv / sql for rows given as text.');
    }
    if (typeof x.fixture === 'string' && !fixtureFileExists(pkg.root, pkg.project.testPaths, x.fixture, format === 'dict' ? 'yml' : String(format))) {
      throw userError('unit-test-invalid', `Unit test '${e.name}': fixture file '${x.fixture}.${format === 'dict' ? 'yml' : String(format)}' not found under tests/fixtures/.`, where('given'),
        'Put the fixture file in a folder under tests/fixtures, or fix the fixture: name.');
    }
    return fixtureOf(x);
  };
  const fixtureOf = (x: Record<string, unknown>) => ({
    ...(x.rows !== undefined ? { rows: x.rows } : {}),
    format: (typeof x.format === 'string' ? x.format : 'dict') as 'dict' | 'csv' | 'sql',
    fixture: typeof x.fixture === 'string' ? x.fixture : null,
  });
  const seedFiles = new Map<object, string>();
  const givenInputs = given.map((g, i) => {
    if (!isRecord(g) || typeof g.input !== 'string') throw userError('yaml-invalid-shape', `Each given: entry of unit test '${e.name}' needs input: "ref('...')" or "source(...)".`, { file: e.pf.file.abs, line: e.pf.lines.itemLine(given, i, e.line) });
    const input = { input: g.input, ...fixture(g) };
    const seedFile = checkSeedInput(state, pkg, e.name, input, { file: e.pf.file.abs, line: e.pf.lines.itemLine(given, i, e.line) });
    if (seedFile) seedFiles.set(input, seedFile);
    return input;
  });
  const expect = fixture(v.expect);
  keepBigIntegersExact(e.pf.file.text, e.name, givenInputs, expect);
  // dbt's checksum for state:modified covers the definition and the rows of its fixture files,
  // so editing a fixture file marks the unit tests that read it as modified.
  const fixtureTexts = [...givenInputs, expect].map((f) =>
    f.fixture ? fixtureFileText(pkg.root, pkg.project.testPaths, f.fixture, f.format === 'dict' ? 'yml' : f.format) ?? '' : '');
  const checksum = createHash('sha256')
    .update(JSON.stringify([v.model, v.versions ?? null, givenInputs, expect, v.overrides ?? null, fixtureTexts]))
    .digest('hex');
  const readFixture = (name: string, ext: string) => fixtureFileText(pkg.root, pkg.project.testPaths, name, ext);
  for (const f of [...givenInputs, expect] as { format: 'dict' | 'csv' | 'sql'; manifestRows?: unknown }[]) {
    const seedFile = seedFiles.get(f);
    const rows = seedFile ? seedManifestRows(seedFile) : manifestFixtureRows(f, readFixture);
    if (rows !== undefined) f.manifestRows = rows;
  }
  return {
    unique_id: `unit_test.${pkg.name}.${v.model}.${e.name}`,
    resource_type: 'unit_test',
    package_name: pkg.name,
    name: e.name,
    fqn,
    original_file_path: e.pf.file.rel,
    path: e.pf.file.relToResource,
    description: typeof v.description === 'string' ? v.description : '',
    meta,
    tags,
    origin: { file: e.pf.file.abs, line: e.line, root: pkg.root },
    model: v.model,
    given: givenInputs,
    expect,
    overrides: isRecord(v.overrides) ? v.overrides : null,
    depends_on: { macros: [], nodes: [] },
    // dbt's UnitTestConfig declares tags, meta and enabled in that order; other keys follow.
    config: { tags, meta, enabled: config.enabled !== false, ...otherKeys(config, ['tags', 'meta', 'enabled']) },
    version: null,
    versions: versionsSpec(v.versions),
    checksum,
  };
}

const EXPOSURE_TYPES = ['dashboard', 'notebook', 'analysis', 'ml', 'application'];
const EXPOSURE_MATURITIES = ['low', 'medium', 'high'];

/** dbt's schema check of an exposure's `type:` (required) or `maturity:`, worded as dbt's YAML validation error. */
function checkExposureEnum(e: Entry, key: string, allowed: readonly string[], required: boolean): void {
  const value = e.value[key];
  if ((value === undefined || value === null) && !required) return;
  if (typeof value === 'string' && allowed.includes(value)) return;
  const problem = value === undefined ? `at path []: '${key}' is a required property` : `at path ['${key}']: ${pyRepr(value)} is not one of ${pyRepr(allowed)}`;
  throw userError('yaml-invalid-shape', `Invalid exposures config given in ${e.pf.file.rel} @ exposures: ${pyRepr(e.value)} - ${problem}`,
    { file: e.pf.file.abs, line: e.pf.lines.keyLine(e.value, key, e.line) }, `Set ${key}: of exposure '${e.name}' to one of ${allowed.join(', ')}.`);
}

/** dbt's UnparsedGroup and UnparsedExposure validation: an owner is required, and it names someone (a name or an email). */
function checkOwner(e: Entry, kind: 'group' | 'exposure'): void {
  const owner = e.value.owner;
  const where = { file: e.pf.file.abs, line: e.pf.lines.keyLine(e.value, 'owner', e.line) };
  const hint = `Give ${kind} '${e.name}' an owner: {name: ..., email: ...}.`;
  const given = `Invalid ${kind}s config given in ${e.pf.file.rel}`;
  if (!isRecord(owner)) throw userError('yaml-invalid-shape', `${given}: ${kind} '${e.name}': 'owner' is a required property`, where, hint);
  if ((owner.name ?? null) === null && (owner.email ?? null) === null) {
    throw userError('yaml-invalid-shape', `${given}: ${kind === 'group' ? 'Group' : 'Exposure'} owner must have at least one of 'name' or 'email'.`, where, hint);
  }
}

/** A YAML entry's `config:` as the one layer it gives, or none. */
function yamlConfig(config: unknown): Record<string, unknown>[] {
  return isRecord(config) ? [normalizeConfig(config)] : [];
}

/** The entries of `record` other than `keys`, in their order. */
function otherKeys(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}
