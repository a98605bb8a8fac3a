import type { RunnableNode } from './invocation-options.js';
import type { ProjectSession } from './project-session.js';
import type { SchedulerTask } from './scheduler.js';

/**
 * Turns selected nodes into scheduler tasks. A task waits for its nearest selected ancestors
 * (walking through unselected and ephemeral nodes, as dbt's subset graph does). In `build`,
 * a node also waits for the tests on its upstream nodes, so a failing test skips what is
 * downstream (see the rule below).
 */
export function planTasks(session: ProjectSession, nodes: RunnableNode[], build: boolean): SchedulerTask[] {
  const { graph } = session;
  // Made when a walk or build needs it: a compile whose parents are all selected never does.
  let selectedIds: Set<string> | undefined;
  const isSelected = (id: string): boolean => (selectedIds ??= new Set(nodes.map((n) => n.unique_id))).has(id);
  const nearest = new Map<string, string[]>();

  const nearestSelectedAncestors = (id: string): string[] => {
    const cached = nearest.get(id);
    if (cached) return cached;
    const parents = graph.parents(id);
    // Usually every parent is selected (a whole-project run or compile): the walk below would
    // find them all, in reverse, without going further up.
    if (parents.every(isSelected)) {
      const list = parents.reverse();
      nearest.set(id, list);
      return list;
    }
    const found = new Set<string>();
    const seen = new Set<string>();
    const stack = parents;
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      if (isSelected(p)) found.add(p);
      else stack.push(...graph.parents(p));
    }
    const list = [...found];
    nearest.set(id, list);
    return list;
  };

  if (!build) {
    // Nothing is added to the dependencies below: no sets to build and copy back. Usually every
    // parent is selected (a whole-project run or compile): that is checked on the graph's
    // positions, one lookup per node, rather than by id per parent.
    const at = new Int32Array(nodes.length);
    const marks = new Uint8Array(graph.size);
    for (let k = 0; k < nodes.length; k++) {
      const i = graph.positionOf(nodes[k]!.unique_id);
      at[k] = i;
      if (i >= 0) marks[i] = 1;
    }
    const tasks = new Array<SchedulerTask>(nodes.length);
    for (let k = 0; k < nodes.length; k++) {
      const id = nodes[k]!.unique_id;
      const i = at[k]!;
      // The same list as nearestSelectedAncestors gives when every parent is selected.
      const dependsOn = i < 0 ? [] : graph.parentsAllMarkedAt(i, marks) ? graph.parentsAt(i).reverse() : nearestSelectedAncestors(id);
      tasks[k] = { id, dependsOn };
    }
    return tasks;
  }
  const deps = new Map<string, Set<string>>();
  for (const node of nodes) deps.set(node.unique_id, new Set(nearestSelectedAncestors(node.unique_id)));

  // dbt's rule (Linker.add_test_edges): a test runs before a node when every node the test
  // depends on is upstream of that node. A test on one model thus runs before that model's
  // children; a relationships test between two models runs before only what depends on both.
  // The edge goes to the first such nodes on each path; what lies below them waits through them.
  const descendantsOf = new Map<string, Set<string>>();
  const downstream = (id: string): Set<string> => {
    let found = descendantsOf.get(id);
    if (!found) descendantsOf.set(id, (found = graph.descendants(id)));
    return found;
  };
  for (const node of nodes) {
    if (node.resource_type !== 'test' && node.resource_type !== 'unit_test') continue;
    const testId = node.unique_id;
    // As dbt, the edges are drawn on the whole graph, from what the test reads whether selected or
    // not: a test whose model was left out still holds back the selected nodes below that model
    // (retrying a failed test with the nodes it skipped skips them again). A source is never run,
    // yet counts too: a failing source test skips the models that read the source.
    const tested = node.resource_type === 'test'
      ? graph.parents(testId)
      : [...(deps.get(testId) ?? []), ...graph.parents(testId).filter((p) => p.startsWith('source.'))];
    // The walk starts below the tested node with the fewest descendants: it visits no more than those.
    if (tested.length > 1) tested.sort((a, b) => downstream(a).size - downstream(b).size);
    const [first, ...others] = tested;
    if (first === undefined) continue;
    const testAncestors = graph.ancestors(testId);
    const belowAll = (id: string) => others.every((other) => downstream(other).has(id));
    const seen = new Set<string>();
    const queue = graph.children(first);
    while (queue.length > 0) {
      const child = queue.pop()!;
      if (seen.has(child) || child === testId) continue;
      seen.add(child);
      // Tests, and unit tests (kept outside manifest.nodes), never wait for another test.
      const childNode = session.manifest.nodes[child];
      if (!childNode || childNode.resource_type === 'test') continue;
      // Upstream of the test itself (another node it tests): never made to wait for it, but
      // what lies below may have to.
      if (testAncestors.has(child)) {
        queue.push(...graph.children(child));
        continue;
      }
      if (isSelected(child) && belowAll(child)) {
        deps.get(child)?.add(testId);
        continue;
      }
      queue.push(...graph.children(child));
    }
  }
  // Unit tests run after the model's inputs exist (their column types shape the fixtures)
  // and before the model itself, so a failing unit test skips the model.
  for (const node of nodes) {
    if (node.resource_type !== 'unit_test') continue;
    const model = node.depends_on.nodes.find((id) => id.startsWith('model.'));
    if (!model) continue;
    const unitDeps = deps.get(node.unique_id);
    unitDeps?.delete(model);
    for (const input of nearestSelectedAncestors(model)) if (input !== node.unique_id) unitDeps?.add(input);
    if (isSelected(model)) deps.get(model)?.add(node.unique_id);
  }
  return nodes.map((n) => ({ id: n.unique_id, dependsOn: [...(deps.get(n.unique_id) ?? [])] }));
}

/**
 * dbt's build runs a selected model's unit tests in the model's own turn and worker, one after
 * another just before it, rather than as nodes of the queue. Returns the tasks without those unit
 * tests (the model no longer waits for them) and each such model's unit tests, by id.
 */
export function unitTestsInModelTurn(tasks: SchedulerTask[], nodes: RunnableNode[]): { tasks: SchedulerTask[]; unitTestsOf: Map<string, string[]> } {
  const selected = new Set(nodes.map((n) => n.unique_id));
  const unitTestsOf = new Map<string, string[]>();
  const grouped = new Set<string>();
  for (const node of nodes) {
    if (node.resource_type !== 'unit_test') continue;
    const model = testedModel(node);
    if (!model || !selected.has(model)) continue;
    const list = unitTestsOf.get(model) ?? [];
    list.push(node.unique_id);
    unitTestsOf.set(model, list);
    grouped.add(node.unique_id);
  }
  if (grouped.size === 0) return { tasks, unitTestsOf };
  for (const list of unitTestsOf.values()) list.sort();
  const kept = tasks
    .filter((t) => !grouped.has(t.id))
    .map((t) => (unitTestsOf.has(t.id) ? { id: t.id, dependsOn: t.dependsOn.filter((d) => !grouped.has(d)) } : t));
  return { tasks: kept, unitTestsOf };
}

/** The selected unit tests whose model is not selected: dbt's build leaves them unrun. */
export function unitTestsWithoutTheirModel(nodes: RunnableNode[]): Set<string> {
  const selected = new Set(nodes.map((n) => n.unique_id));
  const out = new Set<string>();
  for (const node of nodes) {
    if (node.resource_type !== 'unit_test') continue;
    const model = testedModel(node);
    if (!model || !selected.has(model)) out.add(node.unique_id);
  }
  return out;
}

// The model a unit test tests: the one model among its dependencies.
function testedModel(node: RunnableNode): string | undefined {
  return node.depends_on.nodes.find((id) => id.startsWith('model.'));
}
