import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import { Graph } from './graph.js';
import { linkManifest } from './link-manifest.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

// a -> b -> d, a -> c -> d, d -> e, plus an isolated z
function diamond(): Graph {
  return Graph.fromEdges(['e', 'd', 'c', 'b', 'a', 'z'], [
    ['a', 'b'],
    ['a', 'c'],
    ['b', 'd'],
    ['c', 'd'],
    ['d', 'e'],
  ]);
}

test('parents and children are sorted by id', () => {
  const g = diamond();
  assert.deepEqual(g.parents('d'), ['b', 'c']);
  assert.deepEqual(g.children('a'), ['b', 'c']);
  assert.deepEqual(g.parents('a'), []);
  assert.deepEqual(g.children('missing'), []);
  assert.equal(g.size, 6);
  assert.ok(g.has('z'));
});

test('ancestors and descendants honour a depth limit', () => {
  const g = diamond();
  assert.deepEqual([...g.ancestors('e')].sort(), ['a', 'b', 'c', 'd']);
  assert.deepEqual([...g.ancestors('e', 1)].sort(), ['d']);
  assert.deepEqual([...g.ancestors('e', 2)].sort(), ['b', 'c', 'd']);
  assert.deepEqual([...g.descendants('a', 2)].sort(), ['b', 'c', 'd']);
  assert.deepEqual([...g.descendants('z')], []);
});

test('a start node is its own ancestor only through another start node', () => {
  const g = diamond();
  assert.deepEqual([...g.ancestors(['e', 'b'])].sort(), ['a', 'b', 'c', 'd']);
  assert.deepEqual([...g.ancestors(['e', 'z'])].sort(), ['a', 'b', 'c', 'd']);
});

test('topological order puts parents first and breaks ties by unique_id', () => {
  assert.deepEqual(diamond().topologicalOrder(), ['a', 'b', 'c', 'd', 'e', 'z']);
  const g = Graph.fromEdges(['m3', 'm1', 'm2', 's'], [['s', 'm3'], ['m3', 'm1']]);
  assert.deepEqual(g.topologicalOrder(), ['m2', 's', 'm3', 'm1']);
  assert.deepEqual(g.sortTopologically(['m1', 'm2', 'm3', 'unknown']), ['m2', 'm3', 'm1']);
});

test('subgraph keeps the edges among the kept nodes', () => {
  const sub = diamond().subgraph(['a', 'b', 'd', 'nope']);
  assert.deepEqual(sub.nodes(), ['a', 'b', 'd']);
  assert.deepEqual(sub.parents('d'), ['b']);
  assert.deepEqual(sub.topologicalOrder(), ['a', 'b', 'd']);
});

test('repeated edges count once, whether listed together or apart', () => {
  const g = Graph.fromEdges(['a', 'b', 'c'], [
    ['a', 'c'],
    ['a', 'c'],
    ['b', 'c'],
    ['a', 'b'],
    ['a', 'c'],
    ['b', 'c'],
    ['x', 'c'],
  ]);
  assert.deepEqual(g.parents('c'), ['a', 'b']);
  assert.deepEqual(g.children('a'), ['b', 'c']);
  assert.deepEqual(g.topologicalOrder(), ['a', 'b', 'c']);
});

test('the order found while checking for cycles is the topological order', () => {
  const g = Graph.fromEdges(['m3', 'm1', 'm2', 's'], [['s', 'm3'], ['m3', 'm1']]);
  assert.equal(g.findCycle(), undefined);
  assert.deepEqual(g.topologicalOrder(), ['m2', 's', 'm3', 'm1']);
  assert.deepEqual(g.sortTopologically(['m1', 's']), ['s', 'm1']);
});

test('cycles are found as a real path and make topological order fail', () => {
  const g = Graph.fromEdges(['x', 'a', 'b', 'c', 'y'], [
    ['x', 'a'],
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'a'],
    ['c', 'y'],
  ]);
  assert.deepEqual(g.findCycle(), ['a', 'b', 'c', 'a']);
  assert.equal(diamond().findCycle(), undefined);
  assert.throws(
    () => g.topologicalOrder(),
    (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'cycle' && e.message === 'Found a cycle: a --> b --> c',
  );
});

test('a graph from a linked manifest holds enabled nodes, sources, exposures and unit tests', () => {
  const b = new ManifestBuilder();
  b.source('billing', 'users');
  b.model('stg_users', { sources: [['billing', 'users']] });
  b.model('old', { enabled: false });
  b.exposure('dash', { refs: ['stg_users'] });
  b.unitTest('ut', 'stg_users');
  const g = new Graph(linkManifest(b.manifest));
  assert.deepEqual(g.nodes(), [
    'exposure.shop.dash',
    'model.shop.stg_users',
    'source.shop.billing.users',
    'unit_test.shop.stg_users.ut',
  ]);
  assert.deepEqual(g.topologicalOrder(), [
    'source.shop.billing.users',
    'model.shop.stg_users',
    'exposure.shop.dash',
    'unit_test.shop.stg_users.ut',
  ]);
});

test('positions: each member\'s place in nodes(), and the places of its children, as graph summaries number them', () => {
  const g = diamond();
  // Built from e, d, c, b, a, z: nodes() is a, b, c, d, e, z.
  assert.deepEqual([...g.memberPositions], [4, 3, 2, 1, 0, 5]);
  assert.deepEqual(g.childPositions(0), [1, 2]);
  assert.deepEqual(g.childPositions(3), [4]);
  assert.deepEqual(g.childPositions(5), []);
  assert.equal(g.parentCountAt(3), 2);
  assert.deepEqual(g.parentsAt(3), ['b', 'c']);
  assert.deepEqual(g.childrenAt(0), ['b', 'c']);
  const seen: string[] = [];
  g.forEachChild('a', (child) => seen.push(child));
  assert.deepEqual(seen, ['b', 'c']);
});

test('long chains do not overflow the stack', () => {
  const n = 50_000;
  const ids = Array.from({ length: n }, (_, i) => `model.p.m${String(i).padStart(6, '0')}`);
  const edges: [string, string][] = [];
  for (let i = 1; i < n; i++) edges.push([ids[i - 1] as string, ids[i] as string]);
  const g = Graph.fromEdges(ids, edges);
  assert.equal(g.topologicalOrder().length, n);
  assert.equal(g.ancestors(ids[n - 1] as string).size, n - 1);
  edges.push([ids[n - 1] as string, ids[0] as string]);
  assert.equal(Graph.fromEdges(ids, edges).findCycle()?.length, n + 1);
});

test('sorting ids topologically gives one order for a few ids, most of the graph, and ids given twice', () => {
  const g = diamond();
  // Ties are broken by id: z, ready from the start, comes after everything below a.
  assert.deepEqual(g.topologicalOrder(), ['a', 'b', 'c', 'd', 'e', 'z']);
  assert.deepEqual(g.sortTopologically(['z', 'e', 'a']), ['a', 'e', 'z']);
  assert.deepEqual(g.sortTopologically(new Set(['e', 'z', 'd', 'missing', 'b', 'a', 'c'])), ['a', 'b', 'c', 'd', 'e', 'z']);
  assert.deepEqual(g.sortTopologically(['d', 'a', 'd', 'c', 'z', 'e']), ['a', 'c', 'd', 'd', 'e', 'z']);
});

test('the children outside a set of nodes are visited once per parent, parents in set order', () => {
  const g = diamond();
  const seen: string[] = [];
  g.forEachChildOutside(new Set(['c', 'a', 'missing', 'b']), (child) => seen.push(child));
  assert.deepEqual(seen, ['d', 'd']);
  const all: string[] = [];
  g.forEachChildOutside(new Set(['d', 'a']), (child) => all.push(child));
  assert.deepEqual(all, ['e', 'b', 'c']);
});
