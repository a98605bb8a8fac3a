import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Graph } from './graph.js';
import { linkManifest } from './link-manifest.js';
import { selectNodes } from './select.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

/** 10,000 models in layers of 100 (each refs two models of the layer above) and 20,000 tests. */
export function largeProject(): ManifestBuilder {
  const b = new ManifestBuilder('big');
  for (let s = 0; s < 50; s++) b.source('raw', `t${s}`);
  const name = (layer: number, i: number) => `m_${layer}_${i}`;
  for (let layer = 0; layer < 100; layer++) {
    for (let i = 0; i < 100; i++) {
      const options =
        layer === 0
          ? { sources: [['raw', `t${i % 50}`]] as [string, string][] }
          : { refs: [name(layer - 1, i), name(layer - 1, (i * 7 + 3) % 100)] };
      b.model(name(layer, i), { ...options, dir: `layer${layer % 10}`, tags: i % 10 === 0 ? ['hot'] : [] });
    }
  }
  for (let layer = 0; layer < 100; layer++) {
    for (let i = 0; i < 100; i++) {
      b.test(`not_null_${name(layer, i)}_id`, { on: [name(layer, i)], generic: 'not_null', column: 'id' });
      const other = name(layer === 0 ? 0 : layer - 1, (i + 1) % 100);
      b.test(`relationships_${name(layer, i)}_ref`, { on: [name(layer, i), other], generic: 'relationships' });
    }
  }
  return b;
}

test('linking and selecting 30,000 nodes completes', () => {
  const manifest = linkManifest(largeProject().manifest);
  const graph = new Graph(manifest);
  assert.equal(graph.size, 10_000 + 20_000 + 50);
  const all = selectNodes(manifest, graph, { resourceTypes: ['model', 'test'] });
  assert.equal(all.selected.length, 30_000);
  const downstream = selectNodes(manifest, graph, { select: ['m_50_1+', 'tag:hot,layer3'], exclude: ['*.m_99_*'], indirectSelection: 'cautious' });
  assert.ok(downstream.selected.includes('model.big.m_51_1'));
  assert.ok(downstream.selected.includes('test.big.not_null_m_51_1_id'));
  assert.ok(!downstream.selected.some((id) => id.startsWith('model.big.m_99_')));
  assert.deepEqual(downstream.warnings, []);
  const everyOperator = selectNodes(manifest, graph, { select: ['@m_10_5', '+m_99_99', 'path:models/layer1'], indirectSelection: 'buildable' });
  assert.ok(everyOperator.selected.includes('model.big.m_0_99'));
  const position = new Map(everyOperator.selected.map((id, i) => [id, i]));
  for (const [id, i] of position) {
    for (const parent of graph.parents(id)) assert.ok((position.get(parent) ?? -1) < i, `${parent} before ${id}`);
  }
});
