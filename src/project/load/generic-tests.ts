// Generic data tests declared in YAML (`data_tests:` / `tests:` on models, seeds,
// snapshots, sources, source tables and columns) become one test node each, named and
// hashed exactly as dbt-core's test builder does, so unique_ids match dbt's manifest.
import crypto from 'node:crypto';
import { isReelhouseError, userError, type SourceLocation } from '../../core/diagnostic.js';
import type { CompiledNode, RefCall } from '../types.js';
import { finalizeConfig, mergeConfigInto, updateUnrendered } from './config-merge.js';
import { folderParts, fqnOf } from './files.js';
import { makeNode, type LoadState, type PackageContext } from './load-state.js';
import { pyRepr, pyStr, reprString } from './python-repr.js';
import { renderYamlString } from './render-values.js';
import { mergeTestArguments } from './test-arguments.js';
import { isRecord } from './yaml-file.js';
import { PyFloat, PyInt } from '../../templating/index.js';
import { PyDate } from '../context/py/datetime.js';
import { staticTestConfig } from '../context/config-call-dict.js';

/** What a test is attached to. */
export interface TestTarget {
  kind: 'node' | 'source';
  /** Model/seed/snapshot name, or the source table name. */
  name: string;
  sourceName?: string;
  version?: string | number | null;
  /** Unique id of the tested node (not set for sources, as in dbt). */
  attachedNode?: string | null;
  /** The tested node is disabled, so its tests are too. */
  disabled?: boolean;
  /** A source's and its table's top-level tags, which dbt gives every test of the table. */
  tags?: string[];
  /** YAML file the test is written in: path relative to the package root, and absolute. */
  yamlRel: string;
  yamlAbs: string;
}

/** A column a test is attached to. */
export interface TestColumn {
  name: string;
  quote?: boolean | null;
  tags: string[];
}

// Keys that configure a test rather than being passed to it (dbt's CONFIG_ARGS).
const CONFIG_ARGS = ['severity', 'tags', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema', 'alias'];
const NAME_PATTERN = /^(?:([A-Za-z_][0-9A-Za-z_]*)\.)?([A-Za-z_][0-9A-Za-z_]*)/;

/** dbt's synthesize_generic_test_names: the short (file/alias) name and the full (unique_id) name. */
export function synthesizeTestNames(testType: string, targetName: string, args: Record<string, unknown>): { shortName: string; fullName: string } {
  // The str() of each argument value (a mapping's values, a list's items), by sorted argument
  // name, joined by `__`: appended to one string, not gathered in lists first (20,000 tests over).
  let unique = '';
  let count = 0;
  for (const argName of sortedKeys(args)) {
    if (argName === 'model') continue;
    const v = args[argName];
    const parts: readonly unknown[] | undefined = isMapping(v) ? Object.values(v) : Array.isArray(v) ? v : undefined;
    if (parts === undefined) unique = withNamePart(unique, count++, v);
    else for (let i = 0; i < parts.length; i++) unique = withNamePart(unique, count++, parts[i]);
  }
  const identifier = `${testType}_${targetName}`;
  const fullName = `${identifier}_${unique}`;
  if (fullName.length >= 64) return { shortName: `${identifier.slice(0, 30)}_${md5(fullName)}`, fullName };
  return { shortName: fullName, fullName };
}

// A value's str() in a test name: each run of other characters than letters, digits and `_` is one `_`.
function withNamePart(name: string, index: number, value: unknown): string {
  const part = pyStr(value).replace(/[^0-9a-zA-Z_]+/g, '_');
  return index === 0 ? part : `${name}__${part}`;
}

/** The 10-character suffix of a generic test's unique_id (dbt: md5 of name + repr(metadata)). */
export function testHash(name: string, metadata: { name: string; namespace: string | null; kwargs: Record<string, unknown> }): string {
  // hashableRepr(metadata), written out for its three keys in their sorted order.
  const repr = `{'kwargs': ${hashableRepr(metadata.kwargs)}, 'name': ${hashableRepr(metadata.name)}, 'namespace': ${hashableRepr(metadata.namespace)}}`;
  return md5(name + repr).slice(-10);
}

/**
 * repr() of dbt's hashable form of a value: mappings with sorted keys, every other leaf as its
 * str(). Written out directly rather than built as a copy and then printed: two objects and
 * their key lists per test otherwise, 20,000 tests over.
 */
function hashableRepr(d: unknown): string {
  if (Array.isArray(d)) {
    let out = '[';
    for (let i = 0; i < d.length; i++) out += (i > 0 ? ', ' : '') + hashableRepr(d[i]);
    return `${out}]`;
  }
  if (!isMapping(d)) return reprString(pyStr(d));
  const keys = sortedKeys(d);
  // The copy pyRepr printed listed integer-like keys first, in numeric order, as every
  // JavaScript object does: such a mapping keeps that path.
  if (keys.some(isIndexKey)) return pyRepr(hashableCopy(d));
  let out = '{';
  for (let i = 0; i < keys.length; i++) out += `${i > 0 ? ', ' : ''}${reprString(keys[i]!)}: ${hashableRepr(d[keys[i]!])}`;
  return `${out}}`;
}

function hashableCopy(d: unknown): unknown {
  if (isMapping(d)) {
    const out: Record<string, unknown> = {};
    for (const k of sortedKeys(d)) out[k] = hashableCopy(d[k]);
    return out;
  }
  if (Array.isArray(d)) return d.map(hashableCopy);
  return pyStr(d);
}

// A key JavaScript orders as an array index ("0", "17"; not "01" or "-1").
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return false;
  return /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

// crypto.hash (Node 20.12+) hashes a short string without a Hash object per call.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function md5(s: string): string {
  return oneShot ? oneShot('md5', s, 'hex') : crypto.createHash('md5').update(s, 'utf8').digest('hex');
}

/**
 * An object's keys in `Array.prototype.sort` order (UTF-16 code units). Test arguments have a
 * handful of keys; sorting them in place this way skips the sort's own work arrays, which
 * for 20,000 tests were tens of MB of garbage.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/** The ref()/source() calls written inside test arguments (e.g. relationships `to: ref('x')`). */
export function extractRefs(value: unknown, refs: RefCall[], sources: [string, string][]): void {
  if (typeof value === 'string') {
    const refRe = /\bref\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?(?:,\s*(?:version|v)\s*=\s*(['"]?)([^'")\s]+)\5\s*)?\)/g;
    for (const m of value.matchAll(refRe)) {
      const version = m[6] ?? null;
      refs.push(m[4] !== undefined ? { name: m[4], package: m[2]!, version } : { name: m[2]!, package: null, version });
    }
    const srcRe = /\bsource\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)/g;
    for (const m of value.matchAll(srcRe)) sources.push([m[2]!, m[4]!]);
  } else if (Array.isArray(value)) value.forEach((v) => extractRefs(v, refs, sources));
  else if (isRecord(value)) Object.values(value).forEach((v) => extractRefs(v, refs, sources));
}

/** Builds one generic test node from a YAML test entry; `line` is where the entry is written. */
export function buildGenericTest(state: LoadState, pkg: PackageContext, target: TestTarget, entry: unknown, column: TestColumn | null, line: number): CompiledNode {
  const where: SourceLocation = { file: target.yamlAbs, line };
  const bad = (msg: string) => userError('test-invalid', msg, where, "Write a test as a name (- unique) or a one-key mapping (- accepted_values: {values: [...]}); see dbt's data test properties.");
  let testName: string;
  let args: Record<string, unknown>;
  if (typeof entry === 'string' && entry !== 'test_name') {
    // The usual `- unique`: a name and no arguments.
    testName = entry;
    args = {};
  } else {
    const data = typeof entry === 'string' ? { [entry]: {} } : entry;
    if (!isRecord(data)) throw bad(`A test must be a name or a mapping, got ${JSON.stringify(entry)}.`);
    if ('test_name' in data) {
      if (typeof data.test_name !== 'string') throw bad('test_name: must be a string.');
      testName = data.test_name;
      args = cloneArgs({ ...data });
      delete args.test_name;
    } else {
      const keys = Object.keys(data);
      if (keys.length !== 1) throw bad(`A test mapping must have exactly one key (the test name), got ${keys.length}: ${keys.join(', ')}.`);
      testName = keys[0]!;
      const a = data[testName];
      if (a !== null && a !== undefined && !isRecord(a)) throw bad(`The arguments of test '${testName}' must be a mapping, got ${JSON.stringify(a)}.`);
      args = cloneArgs(a ?? {});
    }
  }
  const columnName = column ? (column.quote ? `"${column.name}"` : column.name) : undefined;
  // dbt names a column's test's column before it spreads the inputs of `arguments:` in, so
  // column_name comes first in its kwargs then (and after top-level inputs otherwise).
  if (columnName !== undefined && isRecord(args.arguments)) args = { ...args, column_name: columnName };
  // dbt 1.10+: test inputs may sit under `arguments:`, apart from config.
  args = mergeTestArguments(state, args, testName, where);
  if (columnName !== undefined) args.column_name = columnName;
  if ('model' in args) throw bad(`Test arguments include "model", which is a reserved argument.`);
  const parsedName = testNameParts(testName);
  if (!parsedName) throw bad(`Test name '${testName}' is not a valid name (letters, digits, underscores, optionally package.name).`);
  const { namespace, name } = parsedName;

  const versionSuffix = target.version !== undefined && target.version !== null ? target.version : null;
  const refArg = target.kind === 'source'
    ? `source('${target.sourceName}', '${target.name}')`
    : versionSuffix !== null ? `ref('${target.name}', version='${versionSuffix}')` : `ref('${target.name}')`;
  args.model = `{{ get_where_subquery(${refArg}) }}`;

  // Configs: the legacy top-level keys, then the `config:` block.
  const config: Record<string, unknown> = {};
  const cfgBlock = isRecord(args.config) ? args.config : NO_CONFIG;
  if (args.config !== undefined && args.config !== null && !isRecord(args.config)) throw bad(`config: of a test must be a mapping (a dict), got ${pyRepr(args.config)}.`);
  // Most tests have none of these keys: looking each one up (and deleting it) is then skipped.
  if (hasConfigArg(args)) {
    for (const key of CONFIG_ARGS) {
      const value = args[key];
      delete args[key];
      if (value !== undefined && value !== null && value !== false && value !== '' && key in cfgBlock) throw bad(`Test cannot have the same key at the top-level and in config: '${key}'.`);
      if (value !== undefined && value !== null) config[key] = value;
    }
  }
  if ('config' in args) delete args.config;
  if (cfgBlock !== NO_CONFIG) for (const k of Object.keys(cfgBlock)) if (cfgBlock[k] !== null && cfgBlock[k] !== undefined) config[k] = cfgBlock[k];
  const ctx = state.renderContext(pkg.name);
  for (const k in config) {
    const v = config[k];
    if (typeof v !== 'string') continue;
    try {
      config[k] = renderYamlString(v, ctx, where);
      // As dbt: a config that renders to None is not set, so the project's value applies.
      if (config[k] === null) delete config[k];
    } catch (error) {
      // dbt's wording when a test's config cannot render (a ref() or a macro in `where:`).
      if (!isReelhouseError(error) || error.diagnostic.code !== 'yaml-render') throw error;
      throw userError('yaml-render', `Invalid generic test configuration given in ${target.yamlRel}: ${error.diagnostic.message}`, where, error.diagnostic.hint, error);
    }
  }
  const description = typeof args.description === 'string' ? args.description : '';
  if ('description' in args) delete args.description;

  let compiledName: string;
  let fqnName: string;
  if (typeof args.name === 'string' && args.name !== '') {
    compiledName = fqnName = args.name;
    delete args.name;
  } else {
    let testType = target.kind === 'source' ? `source_${name}` : name;
    if (namespace) testType = `${namespace}_${testType}`;
    const targetName = target.kind === 'source' ? `${target.sourceName}_${target.name}` : versionSuffix !== null ? `${target.name}_v${versionSuffix}` : target.name;
    const names = synthesizeTestNames(testType, targetName, args);
    compiledName = names.shortName;
    fqnName = names.fullName;
    if (compiledName !== fqnName && config.alias === undefined) config.alias = compiledName;
  }

  const metadata = { name, namespace, kwargs: args };
  const fqn = fqnOf([pkg.name], yamlFolders(target.yamlRel), fqnName);
  const rawCode = testCode(namespace, name, config);
  const node = makeNode(state, pkg, {
    resourceType: 'test', name: fqnName, uniqueId: `test.${pkg.name}.${fqnName}.${testHash(fqnName, metadata)}`, fqn,
    file: target.yamlAbs, rel: target.yamlRel, path: `${compiledName}.sql`, rawCode, checksum: '', line,
  });
  // dbt gives a generic test the empty hash: no file of its own, so no body to compare.
  node.checksum = { name: 'none', checksum: '' };
  const inherited = [...(target.tags ?? []), ...(column?.tags ?? [])];
  const ownTags = toTagList(config.tags);
  const tags = inherited.length + ownTags.length === 0 ? [] : [...new Set([...inherited, ...ownTags])].sort();
  const isStatic = (name === 'not_null' || name === 'unique') && (!namespace || namespace === 'dbt');
  // dbt upper-cases the severity written on its own not_null and unique tests only: their
  // config is taken from the YAML entry as is, while other tests' goes through a config() call.
  // It records those two tests' YAML config as their config() call without rendering it.
  if (isStatic) {
    if (typeof config.severity === 'string') config.severity = config.severity.toUpperCase();
    const called = staticTestConfig(config);
    if (Object.keys(called).length > 0) node.config_call_dict = called;
  }
  // node.config and unrendered_config are the new node's own objects: merged in place. The config
  // holds the project's tags and those of the test's config() call, which not_null and unique
  // (their call taken without tags) lack; the node's tags add the source's, table's and column's.
  const callDict = isStatic ? withoutTags(config) : config;
  const tagged = ownTags.length > 0 && !isStatic ? mergeConfigInto(node.config, { tags: ownTags }) : node.config;
  node.config = finalizeConfig(mergeConfigInto(tagged, 'tags' in callDict ? withoutTags(callDict) : callDict));
  // Its unrendered_config takes the test's config keys whole over the project's (tags [strict], not [quality, strict]).
  node.unrendered_config = updateUnrendered(node.unrendered_config, callDict);
  node.tags = [...new Set([...tags, ...node.config.tags])];
  node.meta = { ...node.config.meta };
  node.alias = typeof node.config.alias === 'string' ? node.config.alias : fqnName;
  node.description = description;
  node.test_metadata = metadata;
  node.column_name = column ? (args.column_name as string) : null;
  node.attached_node = target.attachedNode ?? null;
  // A test of a disabled model is disabled here; one of a disabled source stays enabled until
  // linking disables it with dbt's warning (InvalidDisabledTargetInTestNode), as dbt does.
  if (target.disabled && target.kind !== 'source' && node.config.enabled !== false) {
    node.config.enabled = false;
    node.disabledByTarget = true;
  }
  if (!namespace && (name === 'not_null' || name === 'unique')) {
    // New one-item lists rather than pushes: a push gives an empty list room for 17 items,
    // which 20,000 tests keep.
    if (target.kind === 'source') node.sources = [[target.sourceName!, target.name]];
    else node.refs = [{ name: target.name, package: null, version: versionSuffix }];
  } else {
    extractRefs(args, node.refs, node.sources);
  }
  return node;
}

const CONFIG_ARG_SET = new Set(CONFIG_ARGS);

// What a test without a `config:` block reads as its block (never written to).
const NO_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({});

// A project names a handful of tests thousands of times: each name is matched once.
const testNames = new Map<string, { namespace: string | null; name: string } | null>();

/** `name` or `namespace.name` of a generic test, or null when the name is not valid. */
function testNameParts(testName: string): { namespace: string | null; name: string } | null {
  let parts = testNames.get(testName);
  if (parts === undefined) {
    const match = NAME_PATTERN.exec(testName);
    parts = match && match[0] === testName ? { namespace: match[1] ?? null, name: match[2]! } : null;
    if (testNames.size > 1000) testNames.clear();
    testNames.set(testName, parts);
  }
  return parts;
}

function hasConfigArg(args: Record<string, unknown>): boolean {
  for (const key in args) if (CONFIG_ARG_SET.has(key)) return true;
  return false;
}

function withoutTags(config: Record<string, unknown>): Record<string, unknown> {
  const { tags: _t, ...rest } = config;
  return rest;
}

// The tests of one YAML file share its folders: the last file's are kept.
let lastYaml: { rel: string; folders: string[] } | undefined;

/** The folders of a YAML file below its resource folder (`models/staging/x.yml` -> ['staging']), which a test's fqn holds. */
function yamlFolders(yamlRel: string): readonly string[] {
  if (lastYaml?.rel !== yamlRel) lastYaml = { rel: yamlRel, folders: folderParts(yamlRel.split('/').slice(1).join('/')) };
  return lastYaml.folders;
}

// A test's code with no config is the same text for every test of its macro: made once, so
// 20,000 tests hold a handful of strings.
const plainTestCode = new Map<string, string>();

/** A generic test's raw code: its macro called with the test's arguments, then its YAML config. */
function testCode(namespace: string | null, name: string, config: Record<string, unknown>): string {
  const macro = `${namespace ? `${namespace}.` : ''}test_${name}`;
  const call = configCall(config);
  if (call !== '') return `{{ ${macro}(**_dbt_generic_test_kwargs) }}${call}`;
  let code = plainTestCode.get(macro);
  if (code === undefined) {
    if (plainTestCode.size > 1000) plainTestCode.clear();
    plainTestCode.set(macro, (code = `{{ ${macro}(**_dbt_generic_test_kwargs) }}`));
  }
  return code;
}

/**
 * A copy of a test's YAML arguments, as structuredClone makes it. Most arguments are flat (no
 * arguments, `values: [...]`, `to:`/`field:`): those are copied directly, skipping structuredClone's
 * serializer, which for 20,000 tests is most of the cost; anything else goes through it.
 */
function cloneArgs(args: Record<string, unknown>): Record<string, unknown> {
  if (Object.getPrototypeOf(args) !== Object.prototype) return deepCopy(args) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(args)) {
    const value = args[key];
    if (isFlatValue(value)) out[key] = value;
    else if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && value.every(isFlatValue)) out[key] = value.slice();
    else return deepCopy(args) as Record<string, unknown>;
  }
  return out;
}

function isFlatValue(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat || value instanceof PyInt || value instanceof PyDate;
}

// A mapping of a test's arguments (a float, a large int or a date YAML read is an object too, but a leaf).
const isMapping = (value: unknown): value is Record<string, unknown> => isRecord(value) && !isFlatValue(value);

// structuredClone's copy, except that a number or a date YAML read (immutable values) is kept as
// it is: structuredClone would make it a plain object.
function deepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = deepCopy(value[key]);
    return out;
  }
  return value;
}

function toTagList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

// dbt appends the YAML config as a config() call so it wins over config() in the test's macro.
function configCall(config: Record<string, unknown>): string {
  const parts = Object.entries(config).map(([k, v]) => `${k}=${typeof v === 'string' ? `"${v.replace(/"/g, '\\"')}"` : pyStr(v)}`);
  return parts.length > 0 ? `{{ config(${parts.join(',')}) }}` : '';
}

