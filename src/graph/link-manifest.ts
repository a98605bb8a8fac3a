// Linking: turns each node's recorded ref()/source() calls into unique_ids, fills
// depends_on.nodes, parent_map and child_map, and rejects duplicate names and cycles.
import { ReelhouseError, type Diagnostic, type SourceLocation } from '../core/diagnostic.js';
import type { Manifest, RefCall } from '../project/types.js';
import { closestMatch } from './did-you-mean.js';
import { Graph, cycleError } from './graph.js';
import { graphMembers, isEnabled, manifestNodes, memberLocation, MEMBER_COLLECTIONS, recordValues, type MemberNode } from './graph-members.js';
import { checkDuplicates } from './duplicate-names.js';
import { isVersion, RefResolver, type Resolution } from './ref-resolver.js';
import { checkIncrementalUnitTests, testedModelNotFound } from './unit-test-checks.js';
import { buildMaps } from './edge-maps.js';
import { checkContracts } from './contract-checks.js';
import { deprecationWarnings } from './deprecations.js';
import { checkGovernance, inheritTestGroups, refAccessViolation, type AccessOptions, type AccessViolation } from './access-checks.js';

/** Resolves refs and sources to unique_ids in place and returns the same manifest, linked. */
export function linkManifest(manifest: Manifest, access: AccessOptions = {}): Manifest {
  return linkManifestWithGraph(manifest, access).manifest;
}

/**
 * linkManifest, also returning the graph it checked for cycles (so callers need not build it again).
 * When linking fails, `onWarningsBeforeError` gets the warnings dbt would have printed before
 * its error (the warnings are otherwise returned, for the caller to print).
 */
export function linkManifestWithGraph(
  manifest: Manifest,
  access: AccessOptions = {},
  onWarningsBeforeError?: (warnings: Diagnostic[]) => void,
): { manifest: Manifest; graph: Graph; warnings: Diagnostic[] } {
  // The nodes are listed once for every pass below (a large project has tens of thousands).
  let nodes = manifestNodes(manifest);
  checkDuplicates(nodes);
  checkGovernance(manifest, nodes);
  inheritTestGroups(manifest, nodes);
  const warnings = checkContracts(manifest, nodes);
  const targetWarnings: TargetWarnings = { sources: [], refs: [] };
  const resolver = new RefResolver(manifest, nodes);
  const lookup = (uniqueId: string): MemberNode | undefined => manifest.nodes[uniqueId] as unknown as MemberNode | undefined;
  // A ref can break an access rule only when it reaches a private model or a package restricts
  // access: otherwise no ref needs its target looked up.
  const accessRules = (access.restrictedPackages?.size ?? 0) > 0 || nodes.some((node) => node.access === 'private');
  const accessCheck: AccessCheck | undefined = accessRules
    ? (node, targetId) => {
        const target = lookup(targetId);
        return target ? refAccessViolation(node, target, lookup, access) : undefined;
      }
    : undefined;
  const problems: Diagnostic[] = [];
  const moved = new Set<MemberNode>();

  for (const collection of MEMBER_COLLECTIONS) {
    const entries = (manifest as unknown as Record<string, Record<string, unknown> | undefined>)[collection];
    if (!entries) continue;
    const values: readonly unknown[] = collection === 'nodes' ? nodes : recordValues(entries);
    // Indexed loops over the nodes here and below: these passes run once, mostly before the
    // optimizing compiler has them, where for-of allocates an iterator result per entry.
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      if (typeof value !== 'object' || value === null) continue;
      const node = value as MemberNode;
      if (typeof node.unique_id !== 'string' || node.resource_type === 'source') continue;
      if (!isEnabled(node)) {
        // Disabled by config() in its own file, which only rendering reveals: dbt lists such
        // nodes under `disabled` like those disabled in YAML or dbt_project.yml.
        if (collection === 'nodes') {
          moveToDisabled(manifest, node);
          moved.add(node);
        }
        continue;
      }
      const outcome = linkNode(node, resolver, accessCheck, targetWarnings);
      if (outcome === 'disable-test') {
        if (node.config) node.config.enabled = false;
        moveToDisabled(manifest, node);
        if (collection === 'nodes') moved.add(node);
        continue;
      }
      if (outcome.length > 0) problems.push(...outcome);
    }
  }
  // dbt links the operation node of each project hook as it links a model: its refs become its
  // depends_on, and a ref to a missing node is an error. Hooks stay out of the DAG.
  const operations = recordValues((manifest.operations ?? {}) as unknown as Record<string, MemberNode>);
  for (let k = 0; k < operations.length; k++) {
    const outcome = linkNode(operations[k] as MemberNode, resolver, undefined, targetWarnings);
    if (outcome !== 'disable-test' && outcome.length > 0) problems.push(...outcome);
  }
  if (problems.length > 0) {
    // dbt resolves every node's sources, then every node's refs, and stops at its first error:
    // the data tests' warnings of the passes before that error are printed before it.
    const first = problems.reduce((phase, p) => Math.min(phase, linkPhase(p)), LATER_PHASE);
    onWarningsBeforeError?.(first === SOURCE_PHASE ? [] : first === REF_PHASE ? targetWarnings.sources : [...targetWarnings.sources, ...targetWarnings.refs]);
    throw combine(problems);
  }
  warnings.push(...targetWarnings.sources, ...targetWarnings.refs);
  checkIncrementalUnitTests(manifest);
  if (moved.size > 0) nodes = nodes.filter((node) => !moved.has(node));

  const members = graphMembers(manifest, nodes);
  const graph = new Graph(manifest, members);
  buildMaps(manifest, members, graph);
  const cycle = graph.findCycle();
  if (cycle) throw cycleError(cycle, manifest);
  warnings.push(...deprecationWarnings(manifest, new Date(), nodes));
  return { manifest, graph, warnings };
}

type AccessCheck = (node: MemberNode, targetId: string) => AccessViolation | undefined;

/** The warnings of data tests whose targets are missing or disabled, by the pass dbt gives them in. */
interface TargetWarnings {
  sources: Diagnostic[];
  refs: Diagnostic[];
}

// dbt's passes over the parsed nodes, in order: sources, refs, then the checks made once all
// refs resolve (access, unit tests' models).
const SOURCE_PHASE = 0;
const REF_PHASE = 1;
const LATER_PHASE = 2;

function linkPhase(problem: Diagnostic): number {
  if (problem.code === 'source-not-found') return SOURCE_PHASE;
  return problem.code === 'ref-access' || problem.code === 'unit-test-model-not-found' ? LATER_PHASE : REF_PHASE;
}

/**
 * Links one node; a test whose target is disabled is disabled itself, as dbt does (dbt says so,
 * as a warning, only when the disabled target is a source). A data test whose target does not
 * exist is disabled with a warning too.
 */
function linkNode(node: MemberNode, resolver: RefResolver, accessCheck: AccessCheck | undefined, warnings: TargetWarnings): readonly Diagnostic[] | 'disable-test' {
  // Made only when needed: most nodes link cleanly, and 30,000 empty lists are garbage to collect.
  let problems: Diagnostic[] | undefined;
  // The ids found, in a list the size of the ref() calls: it usually becomes the node's
  // depends_on.nodes for the rest of the run, where a list grown by push keeps room for 17.
  const refs = node.resource_type === 'unit_test' ? unitTestRefs(node) : refCalls(node);
  const sources = sourceCalls(node);
  let resolved = new Array<string>(refs.length);
  let count = 0;
  // A unit test of a disabled model is disabled with it, as a data test of one is (dbt 1.8.x).
  const isTest = node.resource_type === 'test' || node.resource_type === 'unit_test';
  // A data test with a disabled or missing target is disabled, but dbt goes on linking its other
  // refs and sources: their ids stay in its depends_on (and parent_map) while it is disabled.
  let disable = false;
  for (let k = 0; k < refs.length; k++) {
    const ref = refs[k] as RefCall;
    const resolution = resolver.resolveRef(ref, node.package_name);
    if (resolution.kind === 'found') {
      const violation = accessCheck?.(node, resolution.uniqueId);
      if (violation !== undefined) (problems ??= []).push(problem('ref-access', violation.message, node, violation.hint, refCallPattern(ref)));
      resolved[count++] = resolution.uniqueId;
      continue;
    }
    if (resolution.kind === 'disabled' && node.resource_type === 'unit_test') return 'disable-test';
    if (resolution.kind === 'disabled' && isTest) {
      disable = true;
      continue;
    }
    // dbt warns of a data test whose ref names no node, and disables the test (a model errors).
    if (resolution.kind === 'missing' && node.resource_type === 'test') {
      warnings.refs.push({ ...refProblem(node, ref, resolution, resolver), message: testTargetMissing(node, 'node', ref.name, ref.package), severity: 'warning' });
      disable = true;
      continue;
    }
    if (node.resource_type === 'unit_test' && node.model === ref.name) {
      const { message, hint } = testedModelNotFound(node, resolver.rootProject, closestMatch(ref.name, resolver.refNames()));
      (problems ??= []).push(problem('unit-test-model-not-found', message, node, hint));
    } else (problems ??= []).push(refProblem(node, ref, resolution, resolver));
  }
  // dbt links sources before refs, so a node's sources come first in its depends_on.nodes.
  let sourceIds: string[] | undefined;
  for (let k = 0; k < sources.length; k++) {
    const [sourceName, tableName] = sources[k] as [string, string];
    const resolution = resolver.resolveSource(sourceName, tableName, node.package_name);
    if (resolution.kind === 'found') {
      (sourceIds ??= []).push(resolution.uniqueId);
      continue;
    }
    const target = `${sourceName}.${tableName}`;
    if (resolution.kind === 'disabled' && isTest) {
      if (node.resource_type === 'unit_test') return 'disable-test';
      const warning = problem('test-target-disabled', `${describe(node)} depends on a source named '${target}' which is disabled`, node);
      warnings.sources.push({ ...warning, severity: 'warning' });
      disable = true;
      continue;
    }
    const suggestion = resolution.kind === 'missing' ? closestMatch(target, resolver.sourceNames()) : undefined;
    const missing = problem(
      'source-not-found',
      `${describe(node)} depends on a source named '${target}' which was not found`,
      node,
      suggestion ? `Did you mean '${suggestion}'?` : 'Check the source and table names in the YAML file that declares the source.',
      sourceCallPattern(sourceName, tableName),
    );
    if (resolution.kind === 'missing' && node.resource_type === 'test') {
      warnings.sources.push({ ...missing, message: testTargetMissing(node, 'source', target, undefined), severity: 'warning' });
      disable = true;
      continue;
    }
    (problems ??= []).push(
      problem(
        'source-not-found',
        `${describe(node)} depends on a source named '${target}' which ${resolution.kind === 'disabled' ? 'is disabled' : 'was not found'}`,
        node,
        suggestion ? `Did you mean '${suggestion}'?` : 'Check the source and table names in the YAML file that declares the source.',
        sourceCallPattern(sourceName, tableName),
      ),
    );
  }
  if (problems !== undefined) return problems;
  if (sourceIds !== undefined || count !== resolved.length) resolved = joinIds(sourceIds, resolved, count);
  if (disable) {
    node.depends_on = { nodes: [...new Set(resolved)], macros: Array.isArray(node.depends_on?.macros) ? node.depends_on.macros : [] };
    node.disabledByTarget = true;
    return 'disable-test';
  }

  const depends = (node.depends_on ??= { nodes: [], macros: [] });
  const previous = Array.isArray(depends.nodes) ? depends.nodes : [];
  // Most nodes are linked once, with nothing recorded before: skip the merge (tens of thousands of nodes).
  depends.nodes =
    previous.length === 0 && (resolved.length < 2 || (resolved.length === 2 && resolved[0] !== resolved[1]))
      ? resolved
      : [...new Set([...resolved, ...previous.filter((id) => resolved.includes(id) || !looksLinked(id))])];
  if (!Array.isArray(depends.macros)) depends.macros = [];
  return NONE;
}

/** The source ids, then the first `count` ref ids, in one list of exactly that size. */
function joinIds(sourceIds: readonly string[] | undefined, refIds: readonly string[], count: number): string[] {
  const before = sourceIds?.length ?? 0;
  const out = new Array<string>(before + count);
  for (let k = 0; k < before; k++) out[k] = (sourceIds as readonly string[])[k] as string;
  for (let k = 0; k < count; k++) out[before + k] = refIds[k] as string;
  return out;
}

// Entries a previous link wrote are recomputed; anything else the loader recorded is kept.
function looksLinked(id: string): boolean {
  return /^(model|seed|snapshot|source)\./.test(id);
}

const NONE: readonly never[] = [];

function refCalls(node: MemberNode): readonly RefCall[] {
  const refs = node.refs;
  if (!Array.isArray(refs)) return NONE;
  // Rendering records refs as RefCall objects: those are read as they are, not copied.
  if (refs.every(isRefCall)) return refs as RefCall[];
  const out: RefCall[] = [];
  for (const ref of refs) {
    if (typeof ref === 'string') out.push({ name: ref });
    else if (Array.isArray(ref)) {
      // Older manifests store refs as [name] or [package, name].
      if (ref.length === 1) out.push({ name: String(ref[0]) });
      else if (ref.length >= 2) out.push({ package: String(ref[0]), name: String(ref[1]) });
    } else if (typeof ref === 'object' && ref !== null && typeof (ref as RefCall).name === 'string') out.push(ref as RefCall);
  }
  return out;
}

function isRefCall(ref: unknown): boolean {
  return typeof ref === 'object' && ref !== null && !Array.isArray(ref) && typeof (ref as RefCall).name === 'string';
}

function unitTestRefs(node: MemberNode): readonly RefCall[] {
  const model = node.model;
  if (typeof model !== 'string' || model === '') return refCalls(node);
  const version = node.version;
  // A unit test tests a model of its own package.
  return [{ name: model, package: node.package_name, ...(isVersion(version) ? { version } : {}) }];
}

function sourceCalls(node: MemberNode): readonly [string, string][] {
  const sources = node.sources;
  if (!Array.isArray(sources) || sources.length === 0) return NONE;
  return sources.filter(
    (s): s is [string, string] => Array.isArray(s) && typeof s[0] === 'string' && typeof s[1] === 'string',
  );
}

function refProblem(node: MemberNode, ref: RefCall, resolution: Resolution, resolver: RefResolver): Diagnostic {
  if (resolution.kind === 'ambiguous') {
    return problem(
      'ref-ambiguous',
      `When referencing '${resolution.key}', ${describe(node)} found nodes in multiple packages: ${resolution.uniqueIds.map((id) => `'${id}'`).join(', ')}`,
      node,
      `Use the two-argument ref with the package name first, e.g. ref('${packageOf(resolution.uniqueIds[0] ?? '')}', '${ref.name}').`,
    );
  }
  const version = isVersion(ref.version) ? `with version '${String(ref.version)}' ` : '';
  const pkg = ref.package ? `in package or project '${ref.package}' ` : '';
  const reason = resolution.kind === 'disabled' ? 'is disabled' : 'was not found';
  let hint: string | undefined;
  // When the name is right and the package is not, say where the node is rather than suggest another name.
  const elsewhere = ref.package ? resolver.resolveRef({ ...ref, package: null }, node.package_name) : undefined;
  if (resolution.kind === 'disabled') hint = `Enable '${ref.name}' or remove the reference to it.`;
  else if (elsewhere?.kind === 'found') {
    const owner = packageOf(elsewhere.uniqueId);
    hint = `'${ref.name}' is in package '${owner}': write ref('${owner}', '${ref.name}'), or ref('${ref.name}').`;
  } else {
    const suggestion = closestMatch(ref.name, resolver.refNames());
    hint = suggestion ? `Did you mean '${suggestion}'?` : 'Check the name passed to ref(); it must be a model, seed or snapshot.';
  }
  return problem('ref-not-found', `${describe(node)} depends on a node named '${ref.name}' ${version}${pkg}which ${reason}`, node, hint, refCallPattern(ref));
}

/**
 * dbt's NodeNotFoundOrDisabled warning for a data test whose target does not exist. Its package
 * is a string field of the event, empty when the ref named none, and the message prints it
 * whenever it is set, so dbt writes `in package ''`; the event has no version.
 */
function testTargetMissing(node: MemberNode, kind: 'node' | 'source', target: string, pkg: string | null | undefined): string {
  return `${describe(node)} depends on a ${kind} named '${target}' in package '${pkg ?? ''}' which was not found`;
}

function packageOf(uniqueId: string): string {
  return uniqueId.split('.')[1] ?? '';
}

const TITLES: Record<string, string> = {
  unit_test: 'Unit test',
  semantic_model: 'Semantic model',
  saved_query: 'Saved query',
};

function describe(node: MemberNode): string {
  const type = node.resource_type;
  const title = TITLES[type] ?? `${type.charAt(0).toUpperCase()}${type.slice(1)}`;
  return `${title} '${node.unique_id}' (${node.original_file_path ?? '?'})`;
}

function problem(code: string, message: string, node: MemberNode, hint?: string, call?: RegExp): Diagnostic {
  const diagnostic: Diagnostic = { code, severity: 'error', message };
  const location = memberLocation(node);
  if (location) diagnostic.location = location;
  if (location && call) pointAtCall(diagnostic, location, node, call);
  if (hint) diagnostic.hint = hint;
  return diagnostic;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches the template text of a ref() call, for pointing an error at its line. */
function refCallPattern(ref: RefCall): RegExp {
  const name = escapeRegExp(ref.name);
  const pkg = ref.package ? `['"]${escapeRegExp(ref.package)}['"]\\s*,\\s*` : `(?:['"][^'"]*['"]\\s*,\\s*)?`;
  return new RegExp(`\\bref\\(\\s*${pkg}['"]${name}['"]`);
}

/** Matches the template text of a source() call. */
function sourceCallPattern(sourceName: string, tableName: string): RegExp {
  return new RegExp(`\\bsource\\(\\s*['"]${escapeRegExp(sourceName)}['"]\\s*,\\s*['"]${escapeRegExp(tableName)}['"]`);
}

/**
 * Refs are recorded while rendering, without positions; when the call is written in the node's
 * own file (not inside a macro), find it in the raw code so the error names its line and column.
 */
function pointAtCall(diagnostic: Diagnostic, location: SourceLocation, node: MemberNode, call: RegExp): void {
  const raw = node.raw_code;
  const yamlDefinedTest = node.resource_type === 'test' && !/\.sql$/.test(String(node.original_file_path ?? ''));
  if (typeof raw !== 'string' || (location.line ?? 1) !== 1 || yamlDefinedTest) return;
  const match = call.exec(raw);
  if (!match) return;
  const before = raw.slice(0, match.index);
  const lineStart = before.lastIndexOf('\n') + 1;
  location.line = before.split('\n').length;
  location.column = match.index - lineStart + 1;
  const lineEnd = raw.indexOf('\n', match.index);
  diagnostic.excerpt = raw.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
}

/** One error for all unresolved references: the first in full, the rest listed after it. */
function combine(all: Diagnostic[]): ReelhouseError {
  // A node that calls ref() for one missing target twice (in a loop, say) records it twice;
  // it is one problem, as dbt stops at its first and names it once.
  const problems = all.filter((p, i) => all.findIndex((q) => q.message === p.message) === i);
  const [first, ...rest] = problems as [Diagnostic, ...Diagnostic[]];
  if (rest.length === 0) return new ReelhouseError(first);
  const lines = problems.map((p) => `  - ${p.message}${p.hint?.startsWith('Did you mean') ? ` (${p.hint.replace(/\?$/, '').toLowerCase()}?)` : ''}`);
  const diagnostic: Diagnostic = {
    code: first.code,
    severity: 'error',
    message: `${problems.length} references could not be resolved:\n${lines.join('\n')}`,
  };
  if (first.location) diagnostic.location = first.location;
  if (first.hint) diagnostic.hint = first.hint;
  return new ReelhouseError(diagnostic);
}

function moveToDisabled(manifest: Manifest, node: MemberNode): void {
  if (node.resource_type === 'unit_test') delete manifest.unit_tests[node.unique_id];
  else delete manifest.nodes[node.unique_id];
  manifest.disabled ??= {};
  (manifest.disabled[node.unique_id] ??= []).push(node);
}
