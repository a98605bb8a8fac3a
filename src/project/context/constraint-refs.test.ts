import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constraintRefs } from './constraint-refs.js';
import { makeNode } from './testing/make-project.js';

test('foreign keys name their parents with ref() or source(), at column or model level', () => {
  const node = makeNode({ name: 'plays', raw_code: 'select 1' });
  node.columns = {
    title_id: { name: 'title_id', description: '', meta: {}, tags: [], constraints: [{ type: 'foreign_key', to: "ref('titles')", to_columns: ['id'] }, { type: 'not_null' }] },
    user_id: { name: 'user_id', description: '', meta: {}, tags: [], constraints: [{ type: 'foreign_key', to: 'ref("accounts", "users")', to_columns: ['id'] }] },
  };
  node.constraints = [
    { type: 'foreign_key', columns: ['device'], to: "source('raw', 'devices')", to_columns: ['id'] },
    { type: 'foreign_key', columns: ['day'], expression: 'main.calendar (day)' },
    { type: 'check', expression: 'minutes >= 0' },
  ];
  assert.deepEqual(constraintRefs(node), {
    refs: [{ name: 'titles' }, { package: 'accounts', name: 'users' }],
    sources: [['raw', 'devices']],
  });
});

test('model-level foreign keys come before column-level ones, and a node without constraints names no parent', () => {
  const node = makeNode({ name: 'plays', raw_code: 'select 1' });
  assert.deepEqual(constraintRefs(node), { refs: [], sources: [] });
  node.columns = {
    b: { name: 'b', description: '', meta: {}, tags: [] },
    a: { name: 'a', description: '', meta: {}, tags: [], constraints: [{ type: 'foreign_key', to: "ref('from_column')" }] },
  };
  node.constraints = [{ type: 'foreign_key', columns: ['x'], to: "ref('from_model')" }];
  assert.deepEqual(constraintRefs(node).refs, [{ name: 'from_model' }, { name: 'from_column' }]);
});

test('a foreign key to a model version names that version, and a model whose `to` is neither ref() nor source() is refused', () => {
  const node = makeNode({ name: 'plays', raw_code: 'select 1' });
  node.constraints = [
    { type: 'foreign_key', columns: ['title_id'], to: "ref('titles', v=2)", to_columns: ['id'] },
    { type: 'foreign_key', columns: ['user_id'], to: "ref('accounts', 'users', version='3')", to_columns: ['id'] },
  ];
  assert.deepEqual(constraintRefs(node).refs, [{ name: 'titles', version: 2 }, { package: 'accounts', name: 'users', version: '3' }]);

  node.constraints = [{ type: 'foreign_key', columns: ['title_id'], to: 'main.titles', to_columns: ['id'] }];
  assert.throws(() => constraintRefs(node), (e: { diagnostic?: { code: string; message: string } }) =>
    e.diagnostic?.code === 'constraint-invalid' &&
    e.diagnostic.message === "Invalid 'ref' or 'source' syntax on foreign key constraint 'to' on model plays: main.titles.");
});
