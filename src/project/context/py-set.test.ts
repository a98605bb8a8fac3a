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

test('set(None) is the default (None), as in dbt; members equal in Python (1, 1.0, True) are one member', () => {
  assert.equal(renderOne('{{ set(none) }} {{ try_set(none, default=[0]) }} {{ set(undefined_name) }}'), 'None [0] set()');
  assert.equal(renderOne('{{ set([1, 1.0, true, 2]) }} {{ set([0, false, 0.0]) | length }}'), '{1, 2} 1');
});

test('a set of ints iterates in the order CPython keeps it in (its hash table), as dbt renders it', () => {
  assert.equal(renderOne('{{ set([3, 1, 2, 1]) }} {{ set([10, 3, 8, 100, -1, -2, 17, 9, 33, 2024, 2023, 2019]) | list }}'), '{1, 2, 3} [33, 3, 100, 2019, 2023, 8, 9, 10, 2024, 17, -2, -1]');
  assert.equal(renderOne('{% for y in set([2024, 2021, 2019]) %}{{ y }} {% endfor %}{{ set([true, 5, 13, 21, 29, 37, 45, 53, 61, 69, 77]) }}'), '2024 2019 2021 {True, 5, 37, 69, 13, 45, 77, 61, 21, 53, 29}');
});
