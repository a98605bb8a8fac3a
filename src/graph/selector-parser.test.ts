import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultMethod, parseCriterion, parseSelectionArgs } from './selector-parser.js';

test('graph operators, depths and method arguments are parsed', () => {
  assert.deepEqual(parseCriterion('2+config.meta.owner:ana+3'), {
    kind: 'criterion',
    raw: '2+config.meta.owner:ana+3',
    method: 'config',
    methodArgs: ['meta', 'owner'],
    value: 'ana',
    childrensParents: false,
    parents: true,
    children: true,
    parentsDepth: 2,
    childrenDepth: 3,
  });
  const at = parseCriterion('@source:billing.users');
  assert.equal(at.childrensParents, true);
  assert.equal(at.method, 'source');
  assert.equal(at.value, 'billing.users');
  const plain = parseCriterion('+path:models/staging');
  assert.deepEqual([plain.parents, plain.parentsDepth, plain.children, plain.value], [true, undefined, false, 'models/staging']);
});

test('the default method is path for values with a slash, file for .sql/.py/.csv, fqn otherwise', () => {
  assert.equal(defaultMethod('models/staging'), 'path');
  assert.equal(defaultMethod('stg_users.sql'), 'file');
  assert.equal(defaultMethod('plans.csv'), 'file');
  assert.equal(defaultMethod('marts.finance'), 'fqn');
});

test('spaces and repeated values unite; commas intersect', () => {
  const union = parseSelectionArgs(['a+ tag:x,tag:y', 'b']);
  assert.equal(union.kind, 'union');
  assert.deepEqual(union.components.map((c) => c.kind === 'intersection' && c.components.length), [1, 2, 1]);
  assert.deepEqual(union.components.map((c) => c.kind !== 'criterion' && c.raw), ['a+', 'tag:x,tag:y', 'b']);
  assert.equal(parseSelectionArgs(['  ']).components.length, 0);
});
