import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledNode } from '../../project/types.js';
import { inferredPrimaryKey } from './primary-key.js';

function model(extra: Partial<CompiledNode> = {}): CompiledNode {
  return { unique_id: 'model.shop.orders', resource_type: 'model', name: 'orders', columns: {}, config: { enabled: true }, ...extra } as CompiledNode;
}

function genericTest(name: string, kwargs: Record<string, unknown>, enabled = true): CompiledNode {
  return {
    unique_id: `test.shop.${name}`,
    resource_type: 'test',
    name,
    attached_node: 'model.shop.orders',
    config: { enabled },
    test_metadata: { name, namespace: null, kwargs },
  } as unknown as CompiledNode;
}

describe('inferredPrimaryKey', () => {
  it('is empty without constraints or uniqueness tests', () => {
    assert.deepEqual(inferredPrimaryKey(model(), [genericTest('not_null', { column_name: 'id' })]), []);
  });

  it('takes a column-level primary_key constraint', () => {
    const columns = { id: { name: 'id', constraints: [{ type: 'primary_key' }] }, other: { name: 'other', constraints: [] } };
    assert.deepEqual(inferredPrimaryKey(model({ columns } as unknown as Partial<CompiledNode>), []), ['id']);
  });

  it('prefers unique-and-not-null columns, then enabled unique ones, then disabled ones', () => {
    const both = [genericTest('unique', { column_name: 'b' }), genericTest('not_null', { column_name: 'b' }), genericTest('unique', { column_name: 'a' })];
    assert.deepEqual(inferredPrimaryKey(model(), both), ['b']);
    const enabled = [genericTest('unique', { column_name: 'z' }), genericTest('unique', { column_name: 'y', }, false)];
    assert.deepEqual(inferredPrimaryKey(model(), enabled), ['z']);
    const combos = [genericTest('unique_combination_of_columns', { combination_of_columns: ['k2', 'k1'] }, false)];
    assert.deepEqual(inferredPrimaryKey(model(), combos), ['k1', 'k2']);
  });
});
