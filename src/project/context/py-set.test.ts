// dbt's set() behaves like Python's: members compare without order, and set([...]) != a list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function renderOne(code: string): string {
  const node = makeNode({ name: 'orchard_sets', raw_code: code });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

test('two sets with the same members in another order are equal', () => {
  assert.equal(renderOne("{{ set(['pear', 'fig', 'plum']) == set(['plum', 'pear', 'fig']) }}"), 'True');
  assert.equal(renderOne("{{ set(['pear', 'fig']) != set(['fig', 'pear', 'fig']) }}"), 'False');
  // the column-set check packages run before comparing two relations
  const cols = "{% set a = ['\"Kiwi\"', '\"lime\"'] %}{% set b = ['\"lime\"', '\"kiwi\"'] %}";
  assert.equal(renderOne(`${cols}{{ set(a | map('lower')) != set(b | map('lower')) }}`), 'False');
});

test('sets with different members, or a set and a list, are not equal', () => {
  assert.equal(renderOne("{{ set(['pear', 'fig']) == set(['pear', 'plum']) }}"), 'False');
  assert.equal(renderOne("{{ set(['pear']) == set(['pear', 'fig']) }}"), 'False');
  assert.equal(renderOne("{{ set(['pear', 'fig']) == ['pear', 'fig'] }}"), 'False');
  // a set prints as Python prints one (members in first-seen order here; Python's order is its hash order)
  assert.equal(renderOne("{{ set(['pear']) }} {{ set([]) }} {{ set(['pear', 'pear']) | length }}"), "{'pear'} set() 1");
  // list() of a set is a plain list again
  assert.equal(renderOne("{{ set(['pear', 'fig']) | list == ['pear', 'fig'] }}"), 'True');
});

test('set methods work as in Python: add/update/discard mutate, union/difference/intersection return sets', () => {
  const seen = "{% set seen = set(['oak']) %}{% do seen.add('elm') %}{% do seen.add('oak') %}{% do seen.update(['ash', 'elm'], 'z') %}";
  assert.equal(renderOne(`${seen}{{ seen | sort | join(',') }}`), 'ash,elm,oak,z');
  assert.equal(renderOne(`${seen}{% do seen.discard('z') %}{% do seen.discard('nope') %}{% do seen.remove('ash') %}{{ seen | sort | join(',') }}`), 'elm,oak');
  const trees = "{% set a = set(['oak', 'elm', 'ash']) %}{% set b = ['elm', 'fir'] %}";
  assert.equal(renderOne(`${trees}{{ a.union(b) | sort | join(',') }}|{{ a.difference(b) | sort | join(',') }}|{{ a.intersection(b) | join(',') }}`), 'ash,elm,fir,oak|ash,oak|elm');
  assert.equal(renderOne(`${trees}{{ a.symmetric_difference(b) | sort | join(',') }}|{{ a.union(b) == set(b).union(a) }}`), 'ash,fir,oak|True');
  assert.equal(renderOne(`${trees}{{ set(['oak']).issubset(a) }} {{ a.issuperset(b) }} {{ a.isdisjoint(['fir']) }} {{ a.copy() == a }}`), 'True False True True');
  assert.throws(() => renderOne("{% do set(['oak']).remove('fir') %}"), /KeyError|fir/);
  // a set has no list methods
  assert.throws(() => renderOne("{% do set(['oak']).append('fir') %}"), /append/);
});
