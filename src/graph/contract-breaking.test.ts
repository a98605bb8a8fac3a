import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import type { ColumnDef, CompiledNode } from '../project/types.js';
import { Graph } from './graph.js';
import { linkManifest } from './link-manifest.js';
import { selectNodes } from './select.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

const column = (name: string, data_type: string, constraints: unknown[] = []): ColumnDef => ({ name, description: '', data_type, meta: {}, tags: [], constraints });

interface Shape {
  enforced?: boolean;
  materialized?: string;
  columns: ColumnDef[];
  version?: number;
}

/** A project with one contracted model, `tariffs`, of the given shape. */
function tariffProject(shape: Shape) {
  const b = new ManifestBuilder('power');
  const node: CompiledNode = b.model('tariffs', {
    config: { materialized: shape.materialized ?? 'table', contract: { enforced: shape.enforced ?? true } },
    columns: Object.fromEntries(shape.columns.map((c) => [c.name, c])),
    ...(shape.version !== undefined ? { version: shape.version, latest: shape.version } : {}),
  });
  node.patch_path = 'power://models/tariffs.yml';
  const manifest = linkManifest(b.manifest);
  return { manifest, graph: new Graph(manifest) };
}

const base: Shape = { columns: [column('zone', 'text', [{ type: 'not_null' }]), column('rate', 'numeric')] };

function compare(before: Shape, after: Shape, select = 'state:modified') {
  const previous = tariffProject(before);
  const current = tariffProject(after);
  return selectNodes(current.manifest, current.graph, { select: [select], state: previous.manifest });
}

test('an additive change to a contract is modified but not breaking', () => {
  const result = compare(base, { columns: [...base.columns, column('peak', 'boolean')] }, 'state:modified.contract');
  assert.deepEqual(result.selected, ['model.power.tariffs']);
  assert.deepEqual(result.warnings, []);
});

test('a breaking change to an unversioned model warns, naming each change', () => {
  const result = compare(base, { columns: [column('zone', 'varchar')] });
  assert.deepEqual(result.selected, ['model.power.tariffs']);
  const warning = result.warnings.find((w) => w.code === 'contract-breaking-change');
  assert.ok(warning, 'a breaking-change warning');
  assert.match(warning.message, /^Breaking change to contracted, unversioned model tariffs \(models\/tariffs\.sql\)/);
  assert.match(warning.message, /Columns were removed: \n {4}- rate/);
  assert.match(warning.message, /Columns with data_type changes: \n {4}- zone \(text -> varchar\)/);
  assert.match(warning.message, /Enforced column level constraints were removed: \n {4}- 'not_null' constraint on column zone/);

  const disabled = compare(base, { ...base, enforced: false });
  assert.match(disabled.warnings[0]?.message ?? '', /Contract enforcement was removed/);
});

test('a breaking change to a versioned model is an error', () => {
  assert.throws(
    () => compare({ ...base, version: 1 }, { ...base, version: 1, materialized: 'view' }),
    (error: unknown) =>
      isReelhouseError(error) &&
      error.diagnostic.code === 'contract-breaking-change' &&
      /detected a breaking change to an enforced contract\.\n {2}- Materialization changed with enforced constraints: \n {4}- table -> view/.test(error.diagnostic.message),
  );
});

test('constraints read back from manifest.json, with their defaults filled in, are the same contract', () => {
  const previous = tariffProject(base);
  const written = previous.manifest.nodes['model.power.tariffs']!;
  written.columns['zone']!.constraints = [{ type: 'not_null', name: null, expression: null, warn_unenforced: true, warn_unsupported: true, to: null, to_columns: [] }];
  const current = tariffProject(base);
  const result = selectNodes(current.manifest, current.graph, { select: ['state:modified'], state: previous.manifest });
  assert.deepEqual(result.selected, []);
  assert.deepEqual(result.warnings.filter((w) => w.code === 'contract-breaking-change'), []);
});

test('a removed model-level constraint on a table changes the contract', () => {
  const previous = tariffProject(base);
  previous.manifest.nodes['model.power.tariffs']!.constraints = [{ type: 'check', expression: 'rate >= 0', columns: ['rate'] }];
  const current = tariffProject(base);
  const result = selectNodes(current.manifest, current.graph, { select: ['state:modified.contract'], state: previous.manifest });
  assert.deepEqual(result.selected, ['model.power.tariffs']);
  assert.match(result.warnings[0]?.message ?? '', /Enforced model level constraints were removed: \n {4}- 'check' constraint on columns \['rate'\]/);
});
