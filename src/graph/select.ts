// Node selection: evaluates dbt's --select / --exclude / --selector over the graph, including
// graph operators, set operators and the indirect selection of tests.
import { userError, type Diagnostic } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import type { Graph } from './graph.js';
import { fnmatch, hasWildcard } from './fnmatch.js';
import { findMember, type MemberNode } from './graph-members.js';
import { searchMethod, type MethodContext } from './selector-methods.js';
import { parseCriterion, parseSelectionArgs } from './selector-parser.js';
import type {
  IndirectSelection,
  SelectionCriterion,
  SelectionExpr,
  SelectionGroup,
  SelectionResult,
  SelectionSpec,
} from './selection-spec.js';
import { StateComparator } from './state-compare.js';
import { defaultSelectorName, parseSelector, readSelectorDefinitions } from './yaml-selectors.js';

/** What an empty --select means: every resource, as dbt's default includes. */
const DEFAULT_INCLUDES = ['fqn:*', 'source:*', 'exposure:*', 'metric:*', 'semantic_model:*', 'saved_query:*', 'unit_test:*'];

/** Selects nodes as dbt's --select/--exclude/--selector do; returns them in topological order with warnings. */
export function selectNodes(manifest: Manifest, graph: Graph, spec: SelectionSpec = {}): SelectionResult {
  const mode: IndirectSelection = spec.indirectSelection ?? 'eager';
  const definitions = readSelectorDefinitions(spec.selectors ?? (isEmpty(manifest.selectors) ? undefined : manifest.selectors));
  const select = (spec.select ?? []).filter((s) => s.trim() !== '');
  const exclude = (spec.exclude ?? []).filter((s) => s.trim() !== '');

  let expr: SelectionExpr;
  let selectorName: string | undefined;
  let usedDefault = false;
  if (spec.selector) {
    // A named selector replaces --select and --exclude, as in dbt.
    selectorName = spec.selector;
    expr = parseSelector(spec.selector, definitions, mode);
  } else if (select.length === 0 && exclude.length === 0 && defaultSelectorName(definitions)) {
    selectorName = defaultSelectorName(definitions) as string;
    usedDefault = true;
    expr = parseSelector(selectorName, definitions, mode);
  } else {
    const include: SelectionGroup =
      select.length > 0
        ? parseSelectionArgs(select, mode)
        : { kind: 'union', components: DEFAULT_INCLUDES.map((raw) => parseCriterion(raw, mode)), expectExists: false };
    // Exclusions always take the tests of excluded nodes with them (eager).
    const excluded = parseSelectionArgs(exclude, 'eager');
    expr = { kind: 'difference', components: [include, excluded], expectExists: false };
  }

  const evaluator = new Evaluator(manifest, graph, spec, definitions, mode);
  if (spec.selector && (select.length > 0 || exclude.length > 0)) {
    evaluator.warnings.push({
      code: 'selector-ignores-select',
      severity: 'warning',
      message: `--select and --exclude are ignored when --selector is given (selector '${spec.selector}')`,
      hint: `Use the selector: method instead, e.g. --select "selector:${spec.selector} ...", to combine a named selector with other criteria.`,
    });
  }
  const { direct } = evaluator.evaluate(expr, mode);
  if (selectorName && direct.size === 0) {
    evaluator.warnings.push(emptyWarning(`The selector '${selectorName}' does not match any enabled nodes`));
  }
  const types = spec.resourceTypes ? new Set<string>(spec.resourceTypes) : undefined;
  const kept: string[] = [];
  // forEach and indexed loops over whole-project sets and lists in this file: they run once per
  // command, mostly before the optimizing compiler has them, where for-of allocates an iterator
  // result per entry.
  direct.forEach((id) => {
    const node = evaluator.byId.get(id);
    if (node && (!types || types.has(node.resource_type)) && (spec.includeEmptyNodes || !isEmptyNode(node))) kept.push(id);
  });
  const stateWarnings = evaluator.ctx.state?.warnings ?? [];
  const result: SelectionResult = { selected: graph.sortTopologically(kept), warnings: [...stateWarnings, ...evaluator.warnings] };
  if (selectorName) result.selectorName = selectorName;
  if (selectorName && usedDefault) result.defaultSelector = selectorName;
  return result;
}

interface Bundle {
  direct: Set<string>;
  indirect: Set<string>;
}

class Evaluator {
  readonly warnings: Diagnostic[] = [];
  readonly byId: Map<string, MemberNode>;
  readonly ctx: MethodContext;
  private readonly sources: string[];
  private readonly selectorStack: string[] = [];

  constructor(
    manifest: Manifest,
    private readonly graph: Graph,
    spec: SelectionSpec,
    definitions: ReturnType<typeof readSelectorDefinitions>,
    private readonly mode: IndirectSelection,
  ) {
    let cached = memberCache.get(graph);
    if (cached?.manifest !== manifest) {
      cached = collectMembers(manifest, graph);
      memberCache.set(graph, cached);
    }
    const { members } = cached;
    this.byId = cached.byId;
    this.sources = cached.sources;
    this.ctx = {
      manifest,
      members,
      namedSelector: (pattern) => {
        // `selector:` takes wildcards over the selector names, as dbt's other methods take them over values.
        const names = hasWildcard(pattern) ? [...definitions.keys()].filter((name) => fnmatch(name, pattern)) : [pattern];
        // No name matched: parseSelector raises dbt's "could not find a selector" error.
        if (names.length === 0) parseSelector(pattern, definitions, this.mode);
        const out = new Set<string>();
        for (const name of names) for (const id of this.namedSelector(name, definitions)) out.add(id);
        return out;
      },
    };
    if (spec.state) this.ctx.state = new StateComparator(manifest, spec.state, spec.stateEntryShape);
    if (spec.previousResults) this.ctx.previousResults = spec.previousResults;
    if (spec.previousSources) this.ctx.previousSources = spec.previousSources;
    if (spec.currentSources) this.ctx.currentSources = spec.currentSources;
  }

  private namedSelector(name: string, definitions: ReturnType<typeof readSelectorDefinitions>): Set<string> {
    if (this.selectorStack.includes(name)) {
      throw userError('selector-invalid', `Selector '${name}' refers to itself: ${[...this.selectorStack, name].join(' -> ')}.`);
    }
    this.selectorStack.push(name);
    try {
      return this.evaluate(parseSelector(name, definitions, this.mode), this.mode).direct;
    } finally {
      this.selectorStack.pop();
    }
  }

  evaluate(expr: SelectionExpr, mode: IndirectSelection): Bundle {
    return expr.kind === 'criterion' ? this.criterion(expr, mode) : this.group(expr, mode);
  }

  private criterion(criterion: SelectionCriterion, inherited: IndirectSelection): Bundle {
    const mode = criterion.indirectSelection ?? inherited;
    const collected = searchMethod(this.ctx, criterion);
    const operators = criterion.childrensParents || criterion.parents || criterion.children;
    // Only the graph operators add to the set: without them it is used as found (read only).
    const selected = operators ? new Set(collected) : collected;
    if (criterion.childrensParents) {
      // `@x`: x, its descendants, and every ancestor of those (what building them needs).
      const withChildren = new Set([...collected, ...this.graph.descendants(collected)]);
      for (const id of withChildren) selected.add(id);
      for (const id of this.graph.ancestors(withChildren)) selected.add(id);
    }
    if (criterion.parents) for (const id of this.graph.ancestors(collected, criterion.parentsDepth)) selected.add(id);
    // Graph operators follow refs only: dbt's build adds edges from tests to what lies below them,
    // but its selection leaves those edges out (so `a_test+` selects no models).
    if (criterion.children) for (const id of this.graph.descendants(collected, criterion.childrenDepth)) selected.add(id);
    if (mode === 'empty') return { direct: selected, indirect: new Set() };
    return this.expand(selected, mode);
  }

  private group(group: SelectionGroup, mode: IndirectSelection): Bundle {
    const bundles = group.components.map((component) => this.evaluate(component, mode));
    const directSets = bundles.map((b) => b.direct);
    const combine = group.kind === 'union' ? union : group.kind === 'intersection' ? intersection : difference;
    const initial = combine(directSets);
    // Without tests held back (eager selection, as by default) both combinations are of the same
    // sets: the one already made is used again (a copy of the whole project in a default run).
    const indirect = bundles.every((b) => b.indirect.size === 0)
      ? initial
      : combine(bundles.map((b) => (b.indirect.size === 0 ? b.direct : union([b.direct, b.indirect]))));
    const direct = this.incorporate(initial, indirect, mode);
    if (group.expectExists && direct.size === 0) {
      // dbt's NoNodesForSelectionCriteria carries the criterion as written, as JSON logs show it.
      this.warnings.push({ ...emptyWarning(`The selection criterion '${group.raw ?? ''}' does not match any enabled nodes`), event: { data: { spec_raw: group.raw ?? '' } } });
    }
    return { direct, indirect };
  }

  /**
   * Adds tests attached to selected nodes. eager: a test with any selected parent; cautious: only
   * when all its parents are selected; buildable: when all its parents are selected or upstream of
   * the selection. Tests left out are returned as indirect, in case a later union completes them.
   */
  private expand(selected: Set<string>, mode: IndirectSelection): Bundle {
    // `selected` itself until a test is added: when the selection holds its tests already (a
    // whole-project run), nothing is copied.
    let direct = selected;
    const indirect = new Set<string>();
    const buildable = mode === 'buildable' ? this.withAncestors(selected, true) : undefined;
    const seen = new Set<string>();
    const add = (child: string): void => {
      if (direct === selected) direct = new Set(selected);
      direct.add(child);
    };
    const visit = (child: string): void => {
      if (seen.has(child) || direct.has(child)) return;
      seen.add(child);
      if (!this.isTest(child)) return;
      if (mode === 'eager') {
        add(child);
        return;
      }
      const parents = this.graph.parents(child);
      if (parents.every((p) => selected.has(p))) add(child);
      else if (buildable && parents.every((p) => buildable.has(p))) add(child);
      else indirect.add(child);
    };
    // A child among the selected nodes is in `direct` already: visit would return at once.
    this.graph.forEachChildOutside(selected, visit);
    return { direct, indirect };
  }

  /** Picks up tests held back as indirect once all their parents are selected (cautious, buildable). */
  private incorporate(direct: Set<string>, indirect: Set<string>, mode: IndirectSelection): Set<string> {
    if (mode !== 'cautious' && mode !== 'buildable') return direct;
    const selected = new Set(direct);
    const allowed = mode === 'buildable' ? this.withAncestors(direct, false) : direct;
    for (const id of indirect) {
      if (selected.has(id) || !this.isTest(id)) continue;
      if (this.graph.parents(id).every((p) => allowed.has(p))) selected.add(id);
    }
    return selected;
  }

  private withAncestors(ids: Set<string>, includeSources: boolean): Set<string> {
    const out = new Set(ids);
    for (const id of this.graph.ancestors(ids)) out.add(id);
    if (includeSources) for (const id of this.sources) out.add(id);
    return out;
  }

  private isTest(id: string): boolean {
    const type = this.byId.get(id)?.resource_type;
    return type === 'test' || type === 'unit_test';
  }
}

// Selection runs many times over one graph (a CLI run, a server); the member list is reused.
interface Members {
  manifest: Manifest;
  members: MemberNode[];
  byId: Map<string, MemberNode>;
  sources: string[];
}
const memberCache = new WeakMap<Graph, Members>();

function collectMembers(manifest: Manifest, graph: Graph): Members {
  const out: Members = { manifest, members: [], byId: new Map(), sources: [] };
  const ids = graph.nodes();
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as string;
    const node = findMember(manifest, id);
    if (!node) continue;
    out.members.push(node);
    out.byId.set(id, node);
    if (node.resource_type === 'source') out.sources.push(id);
  }
  return out;
}

/** dbt's `node.empty`: a model, snapshot, analysis or singular test whose file holds only whitespace (a seed is never empty). */
function isEmptyNode(node: MemberNode): boolean {
  // /\S/ answers what trim() === '' does without copying the code (every selected node is asked).
  return node.resource_type !== 'seed' && typeof node.raw_code === 'string' && !/\S/.test(node.raw_code);
}

function emptyWarning(message: string): Diagnostic {
  return {
    code: 'selection-empty',
    severity: 'warning',
    message,
    hint: 'Check the spelling, and that the nodes are enabled.',
  };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0);
}

function union(sets: Set<string>[]): Set<string> {
  if (sets.length === 1) return sets[0] as Set<string>;
  // The default selection is a union of seven criteria where usually only `fqn:*` matches
  // anything: returned as is (like a single set above) rather than copied.
  let only: Set<string> | undefined;
  let nonEmpty = 0;
  for (const set of sets) {
    // The same set twice (a selection that held back no tests is its own indirect set) adds nothing.
    if (set.size === 0 || set === only) continue;
    nonEmpty++;
    only = set;
  }
  if (nonEmpty === 0) return new Set();
  if (nonEmpty === 1) return only as Set<string>;
  const out = new Set<string>();
  for (const set of sets) for (const id of set) out.add(id);
  return out;
}

function intersection(sets: Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  const [first, ...rest] = [...sets].sort((a, b) => a.size - b.size) as [Set<string>, ...Set<string>[]];
  const out = new Set<string>();
  for (const id of first) if (rest.every((set) => set.has(id))) out.add(id);
  return out;
}

function difference(sets: Set<string>[]): Set<string> {
  const [first, ...rest] = sets;
  const out = new Set<string>();
  if (!first) return out;
  if (rest.every((set) => set.size === 0)) return first;
  for (const id of first) if (!rest.some((set) => set.has(id))) out.add(id);
  return out;
}
