import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocsModel } from './docs-model.js';

test("a semantic model's tags, which manifest.json keeps in its config, show in the docs index", () => {
  const manifest = {
    nodes: {},
    semantic_models: {
      'semantic_model.shop.orders': {
        name: 'orders', resource_type: 'semantic_model', package_name: 'shop', original_file_path: 'models/sm.yml',
        unique_id: 'semantic_model.shop.orders', config: { enabled: true, tags: ['finance'], meta: {} }, depends_on: { nodes: [] },
      },
    },
    metrics: {
      'metric.shop.revenue': {
        name: 'revenue', resource_type: 'metric', package_name: 'shop', original_file_path: 'models/sm.yml',
        unique_id: 'metric.shop.revenue', tags: ['kpi'], config: { tags: ['ignored'] }, depends_on: { nodes: [] },
      },
    },
  };
  const model = new DocsModel({ manifest, catalog: undefined, runResults: undefined, sources: undefined, version: '1' }, [], 'shop');
  const entry = (id: string) => model.index.find((e) => e.id === id);
  assert.deepEqual(entry('semantic_model.shop.orders')?.tags, ['finance']);
  assert.deepEqual(entry('metric.shop.revenue')?.tags, ['kpi'], 'top-level tags win where dbt writes them');
});
