// The selector methods (`tag:`, `path:`, `config.x:`...) as dbt defines them: each picks nodes by one property.
import { userError } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import { fnmatch, hasWildcard, pathGlobRegExp } from './fnmatch.js';
import type { MemberNode } from './graph-members.js';
import { compareVersions, isVersion, latestVersions } from './ref-resolver.js';
import type { FreshnessResults, PreviousResults, SelectionCriterion } from './selection-spec.js';
import type { StateComparator } from './state-compare.js';

/** What the methods can look at. */
export interface MethodContext {
  manifest: Manifest;
  /** Every enabled graph member. */
  members: MemberNode[];
  state?: StateComparator;
  previousResults?: PreviousResults;
  previousSources?: FreshnessResults;
  currentSources?: FreshnessResults;
  /** Evaluates a named selectors.yml selector, for the `selector:` method. */
  namedSelector: (name: string) => Set<string>;
}

const NODE_TYPES = new Set(['model', 'seed', 'snapshot', 'test', 'analysis', 'operation']);
const RESOURCE_TYPES = new Set([
  'model', 'seed', 'snapshot', 'test', 'unit_test', 'analysis', 'operation', 'source', 'exposure',
  'metric', 'semantic_model', 'saved_query',
]);

/** unique_ids of the members that the criterion's method and value pick (graph operators not applied). */
export function searchMethod(ctx: MethodContext, criterion: SelectionCriterion): Set<string> {
  const { method, methodArgs, value } = criterion;
  const out = new Set<string>();
  const pick = (test: (node: MemberNode) => boolean, pool: MemberNode[] = ctx.members) => {
    // Indexed loops over the members in this file: a search runs once per command, mostly before
    // the optimizing compiler has it, where for-of allocates an iterator result per member.
    for (let k = 0; k < pool.length; k++) {
      const node = pool[k] as MemberNode;
      if (test(node)) out.add(node.unique_id);
    }
    return out;
  };
  switch (method) {
    case 'fqn': {
      const match = fqnMatcher(value);
      return pick((n) => fqnSearchable(n) && fqnMatches(n, match));
    }
    case 'tag':
      return pick((n) => tagsOf(n).some((tag) => fnmatch(tag, value)));
    case 'group':
      // dbt reads the group from the config: a generic test carries its model's group in its own
      // `group` field only, so it is selected with that model (indirectly), not by the group itself.
      return pick((n) => (n.resource_type === 'test' ? n.config?.group : (n.config?.group ?? n.group)) === value);
    case 'access':
      return pick((n) => n.resource_type === 'model' && String(n.access ?? n.config?.access ?? 'protected') === value);
    case 'source':
      return sourceSearch(ctx, value, out);
    case 'exposure':
    case 'metric':
    case 'semantic_model':
    case 'saved_query':
      return namedSearch(ctx, method, value, out);
    case 'unit_test':
      return pick((n) => n.resource_type === 'unit_test' && unitTestMatches(n, value));
    case 'path':
      return pathSearch(ctx, value, out);
    case 'file':
      return pick((n) => {
        const base = (n.original_file_path ?? '').split('/').pop() ?? '';
        return fnmatch(base, value) || fnmatch(base.replace(/\.[^.]*$/, ''), value);
      });
    case 'package': {
      // `package:this` names the root project.
      const pattern = value === 'this' ? ctx.manifest.metadata?.project_name ?? value : value;
      return pick((n) => fnmatch(n.package_name, pattern));
    }
    case 'config':
      return configSearch(ctx, methodArgs, value, out, criterion.raw);
    case 'test_name':
      return pick((n) => testNameMatches(n, value));
    case 'test_type':
      return testTypeSearch(ctx, value, out);
    case 'resource_type':
      if (!RESOURCE_TYPES.has(value)) {
        throw invalid(`Invalid resource_type selector '${value}'.`, `Expected one of: ${[...RESOURCE_TYPES].join(', ')}.`);
      }
      return pick((n) => n.resource_type === value);
    case 'state':
      return stateSearch(ctx, value, out);
    case 'result':
      return resultSearch(ctx, value, out);
    case 'source_status':
      return sourceStatusSearch(ctx, value, out);
    case 'version':
      return versionSearch(ctx, value, out);
    case 'selector':
      return ctx.namedSelector(value);
    default:
      throw invalid(`'${method}' is not a valid method name.`);
  }
}

function invalid(message: string, hint?: string) {
  return userError('selector-invalid', message, undefined, hint);
}

// dbt matches fqns over every node but sources: exposures, metrics, semantic models, saved queries and unit tests too.
const FQN_TYPES = new Set([...NODE_TYPES, 'unit_test', 'exposure', 'metric', 'semantic_model', 'saved_query']);

function fqnSearchable(node: MemberNode): boolean {
  return FQN_TYPES.has(node.resource_type);
}

/** Compiles dbt's fqn rule for one selector: the leaf name, or a dotted prefix of the fqn (a wildcard part matches the rest). */
export function fqnMatcher(selector: string): (fqn: string[], versioned: boolean) => boolean {
  const parts = selector.split('.');
  const wildAt = parts.findIndex((part) => hasWildcard(part));
  const tail = wildAt >= 0 ? parts.slice(wildAt).join('.') : '';
  const lastTwo = parts.slice(-2).join('_');
  const matchFrom = (fqn: string[], offset: number, versioned: boolean): boolean => {
    const length = fqn.length - offset;
    if (length <= 0) return false;
    if (versioned) {
      if (fqn[fqn.length - 2] === selector) return true;
      // `dim_customers.v2` names the version's last two fqn parts.
      if (length >= 2 && `${fqn[fqn.length - 2]}_${fqn[fqn.length - 1]}` === lastTwo) return true;
    } else if (fqn[fqn.length - 1] === selector) return true;
    // Dots inside fqn parts separate parts too.
    const flat = fqn.some((segment) => segment.includes('.')) ? fqn.slice(offset).flatMap((segment) => segment.split('.')) : fqn;
    const base = flat === fqn ? offset : 0;
    if (flat.length - base < parts.length) return false;
    for (let i = 0; i < parts.length; i++) {
      if (i === wildAt) return fnmatch(flat.slice(base + i).join('.'), tail);
      if (flat[base + i] !== parts[i]) return false;
    }
    return true;
  };
  if (selector === '*') return (fqn) => fqn.length > 0;
  // Matches with and without the package name in front.
  return (fqn, versioned) => matchFrom(fqn, 0, versioned) || matchFrom(fqn, 1, versioned);
}

/** dbt's fqn rule applied to one fqn (with the package name, and without it). */
export function selectedByFqn(fqn: string[], selector: string, versioned: boolean): boolean {
  return fqnMatcher(selector)(fqn, versioned);
}

function fqnMatches(node: MemberNode, match: (fqn: string[], versioned: boolean) => boolean): boolean {
  const fqn = node.fqn;
  if (!Array.isArray(fqn) || fqn.length === 0) return false;
  return match(fqn, node.resource_type === 'model' && isVersion(node.version));
}

function tagsOf(node: MemberNode): string[] {
  const tags = Array.isArray(node.tags) ? node.tags : [];
  const configTags = node.config?.tags;
  if (!Array.isArray(configTags) || configTags.length === 0) return tags;
  return [...new Set([...tags, ...(configTags as string[])])];
}

function sourceSearch(ctx: MethodContext, value: string, out: Set<string>): Set<string> {
  const parts = value.split('.');
  let pkg = '*';
  let source: string;
  let table = '*';
  if (parts.length === 1) source = parts[0] as string;
  else if (parts.length === 2) [source, table] = parts as [string, string];
  else if (parts.length === 3) [pkg, source, table] = parts as [string, string, string];
  else {
    throw invalid(
      `Invalid source selector value '${value}'.`,
      'Sources are selected as source:source_name, source:source_name.table_name or source:package_name.source_name.table_name.',
    );
  }
  for (let k = 0; k < ctx.members.length; k++) {
    const n = ctx.members[k] as MemberNode;
    if (n.resource_type !== 'source') continue;
    if (fnmatch(n.package_name, pkg) && fnmatch(String(n.source_name ?? ''), source) && fnmatch(n.name, table)) out.add(n.unique_id);
  }
  return out;
}

function namedSearch(ctx: MethodContext, type: string, value: string, out: Set<string>): Set<string> {
  const parts = value.split('.');
  if (parts.length > 2) {
    throw invalid(`Invalid ${type} selector value '${value}'.`, `Use ${type}:name or ${type}:package_name.name.`);
  }
  const [pkg, name] = parts.length === 2 ? (parts as [string, string]) : ['*', parts[0] as string];
  for (let k = 0; k < ctx.members.length; k++) {
    const n = ctx.members[k] as MemberNode;
    if (n.resource_type === type && fnmatch(n.package_name, pkg) && fnmatch(n.name, name)) out.add(n.unique_id);
  }
  return out;
}

function unitTestMatches(node: MemberNode, value: string): boolean {
  const parts = value.split('.');
  if (parts.length === 1) return fnmatch(node.name, value);
  if (parts.length === 2 && fnmatch(node.package_name, parts[0] as string) && fnmatch(node.name, parts[1] as string)) return true;
  return Array.isArray(node.fqn) && selectedByFqn(node.fqn, value, false);
}

function pathSearch(ctx: MethodContext, value: string, out: Set<string>): Set<string> {
  // dbt globs the pattern from the project root and keeps nodes whose file, properties file
  // or one of whose folders matched; without touching the disk, the same test is a pattern
  // match on those paths.
  const pattern = value.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (pattern === '' || pattern === '.') {
    for (const n of ctx.members) out.add(n.unique_id);
    return out;
  }
  const re = pathGlobRegExp(pattern);
  for (const n of ctx.members) {
    const file = n.original_file_path;
    if (typeof file === 'string' && file !== '') {
      if (re.test(file) || parents(file).some((dir) => re.test(dir))) {
        out.add(n.unique_id);
        continue;
      }
    }
    const patch = typeof n.patch_path === 'string' ? n.patch_path.replace(/^[^:]*:\/\//, '') : '';
    if (patch !== '' && re.test(patch)) out.add(n.unique_id);
  }
  return out;
}

function parents(file: string): string[] {
  const segments = file.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) out.push(segments.slice(0, i).join('/'));
  return out;
}

function configSearch(ctx: MethodContext, path: string[], value: string, out: Set<string>, raw: string): Set<string> {
  if (path.length === 0) throw invalid(`The config method needs a key, as in config.materialized:view (got '${raw}').`);
  // dbt compares test severity without regard to case.
  const caseInsensitive = path.length === 1 && path[0] === 'severity';
  const lower = value.toLowerCase();
  const equal = (candidate: unknown): boolean => {
    if (typeof candidate === 'string') return caseInsensitive ? candidate.toLowerCase() === lower : candidate === value;
    if (typeof candidate === 'boolean') return lower === String(candidate);
    if (typeof candidate === 'number') return String(candidate) === value;
    return false;
  };
  for (const n of ctx.members) {
    let current: unknown = n.config;
    let found = current !== undefined;
    for (const key of path) {
      if (typeof current === 'object' && current !== null && key in (current as Record<string, unknown>)) {
        current = (current as Record<string, unknown>)[key];
      } else {
        found = false;
        break;
      }
    }
    if (!found) continue;
    if (Array.isArray(current) ? current.some(equal) : equal(current)) out.add(n.unique_id);
  }
  return out;
}

function testNameMatches(node: MemberNode, value: string): boolean {
  if (node.resource_type === 'unit_test') return fnmatch(node.name, value);
  if (node.resource_type !== 'test') return false;
  const meta = node.test_metadata as { name?: string; namespace?: string | null } | undefined;
  // dbt matches the test's own name only: `test_name:dbt_utils.expression_is_true` selects nothing.
  return !!meta?.name && fnmatch(meta.name, value);
}

function testTypeSearch(ctx: MethodContext, value: string, out: Set<string>): Set<string> {
  const isGeneric = (n: MemberNode) => n.resource_type === 'test' && !!n.test_metadata;
  const isSingular = (n: MemberNode) => n.resource_type === 'test' && !n.test_metadata;
  let test: (n: MemberNode) => boolean;
  // `schema` and `data` are the names dbt used before `generic` and `singular`; `data` now means both kinds of data test.
  if (value === 'generic' || value === 'schema') test = isGeneric;
  else if (value === 'singular') test = isSingular;
  else if (value === 'data') test = (n) => n.resource_type === 'test';
  else if (value === 'unit') test = (n) => n.resource_type === 'unit_test';
  else throw invalid(`Invalid test type selector '${value}'.`, 'Expected one of: generic, singular, unit, data.');
  for (const n of ctx.members) if (test(n)) out.add(n.unique_id);
  return out;
}

function stateSearch(ctx: MethodContext, value: string, out: Set<string>): Set<string> {
  if (!ctx.state) {
    throw userError('state-missing', `Got a state selector method, but no comparison manifest (for 'state:${value}')`, undefined, 'Pass --state with the path of a previous target/ folder.');
  }
  for (const n of ctx.members) if (ctx.state.matches(value, n)) out.add(n.unique_id);
  return out;
}

function resultSearch(ctx: MethodContext, value: string, out: Set<string>): Set<string> {
  if (!ctx.previousResults) {
    throw userError('state-missing', `The selector 'result:${value}' needs the results of a previous run.`, undefined, 'Pass --state with the path of a previous target/ folder holding run_results.json.');
  }
  const matches = new Set<string>();
  for (const result of ctx.previousResults.results ?? []) if (result.status === value) matches.add(result.unique_id);
  for (const n of ctx.members) if (matches.has(n.unique_id)) out.add(n.unique_id);
  return out;
}

function sourceStatusSearch(ctx: MethodContext, value: string, out: Set<string>): Set<string> {
  if (value !== 'fresher') throw invalid(`Invalid source_status selector '${value}'.`, 'Expected: fresher.');
  if (!ctx.previousSources || !ctx.currentSources) {
    throw userError('state-missing', `The selector 'source_status:${value}' needs source freshness results from before and now.`, undefined, 'Run `source freshness` now and pass --state with a previous sources.json.');
  }
  // The sources whose check read a max_loaded_at (an errored check has none).
  const loaded = (results: FreshnessResults) => {
    const ok = new Map<string, number>();
    for (const r of results.results ?? []) {
      const time = r.max_loaded_at ? Date.parse(r.max_loaded_at) : Number.NaN;
      if (!Number.isNaN(time)) ok.set(r.unique_id, time);
    }
    return ok;
  };
  const now = loaded(ctx.currentSources);
  const before = loaded(ctx.previousSources);
  const fresher = new Set<string>();
  for (const [id, time] of now) {
    const previous = before.get(id);
    // As dbt: a source read now that was not read before (absent, or its check errored) is fresher.
    if (previous === undefined || time > previous) fresher.add(id);
  }
  for (const n of ctx.members) if (fresher.has(n.unique_id)) out.add(n.unique_id);
  return out;
}

function versionSearch(ctx: MethodContext, value: string, out: Set<string>): Set<string> {
  if (!['latest', 'prerelease', 'old', 'none'].includes(value)) {
    throw invalid(`Invalid version selector '${value}'.`, 'Expected one of: latest, prerelease, old, none.');
  }
  const latest = latestVersions(ctx.manifest);
  for (const n of ctx.members) {
    if (n.resource_type !== 'model') continue;
    const version = n.version;
    if (value === 'none') {
      if (!isVersion(version)) out.add(n.unique_id);
      continue;
    }
    if (!isVersion(version)) continue;
    const newest = isVersion(n.latest_version) ? n.latest_version : latest.get(`${n.package_name}.${n.name}`);
    if (newest === undefined) continue;
    const order = compareVersions(version, newest);
    if ((value === 'latest' && order === 0) || (value === 'prerelease' && order > 0) || (value === 'old' && order < 0)) out.add(n.unique_id);
  }
  return out;
}
