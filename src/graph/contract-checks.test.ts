import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import type { ColumnDef } from '../project/types.js';
import { linkManifestWithGraph } from './link-manifest.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

const column = (name: string, constraints: unknown[] = []): ColumnDef => ({ name, description: '', data_type: 'integer', meta: {}, tags: [], constraints });

/** A project with one contracted model `meter_reads`, described in YAML. */
function meterProject(config: Record<string, unknown>, columns: Record<string, ColumnDef>): ManifestBuilder {
  const b = new ManifestBuilder('grid');
  const node = b.model('meter_reads', { config: { contract: { enforced: true }, ...config }, columns });
  node.patch_path = 'grid://models/meters.yml';
  return b;
}

function parseError(b: ManifestBuilder): string {
  try {
    linkManifestWithGraph(b.manifest);
  } catch (error) {
    assert.ok(isReelhouseError(error));
    assert.equal(error.diagnostic.code, 'contract-invalid');
    return error.diagnostic.message;
  }
  assert.fail('linking did not reject the contract');
}

test('a contracted model needs YAML columns and SQL', () => {
  assert.equal(
    parseError(meterProject({ materialized: 'table' }, {})),
    'Contract enforcement failed for: (models/meter_reads.sql)\nConstraints must be defined in a `yml` schema configuration file like `schema.yml`.',
  );
  const python = meterProject({ materialized: 'table' }, { kwh: column('kwh') });
  python.manifest.nodes['model.grid.meter_reads']!.language = 'python';
  assert.equal(parseError(python), "Contract enforcement failed for: (models/meter_reads.sql)\nLanguage Error: Expected 'sql' but found 'python'");
  assert.deepEqual(linkManifestWithGraph(meterProject({ materialized: 'table' }, { kwh: column('kwh') }).manifest).warnings, []);
});

test('a contracted incremental model must append new columns or fail on schema change', () => {
  assert.match(
    parseError(meterProject({ materialized: 'incremental' }, { kwh: column('kwh') })),
    /^Invalid value for on_schema_change: ignore\. Models materialized as incremental with contracts enabled must set on_schema_change to 'append_new_columns' or 'fail'$/,
  );
  assert.match(parseError(meterProject({ materialized: 'incremental', on_schema_change: 'sync_all_columns' }, { kwh: column('kwh') })), /on_schema_change: sync_all_columns/);
  for (const policy of ['append_new_columns', 'fail']) linkManifestWithGraph(meterProject({ materialized: 'incremental', on_schema_change: policy }, { kwh: column('kwh') }).manifest);
});

test('constraints on a contracted view warn unless warn_unsupported is off', () => {
  const { warnings } = linkManifestWithGraph(meterProject({ materialized: 'view' }, { kwh: column('kwh', [{ type: 'not_null' }]) }).manifest);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.code, 'constraint-unsupported');
  assert.match(warnings[0]!.message, /^Constraint types are not supported for view materializations and will be ignored\./);

  const quiet = linkManifestWithGraph(meterProject({ materialized: 'view' }, { kwh: column('kwh', [{ type: 'not_null', warn_unsupported: false }]) }).manifest);
  assert.deepEqual(quiet.warnings, []);
});

test('config() turning the contract off wins over the contract the node recorded from YAML', () => {
  const b = meterProject({ materialized: 'incremental', contract: { enforced: false } }, {});
  b.manifest.nodes['model.grid.meter_reads']!.contract = { enforced: true, alias_types: true };
  linkManifestWithGraph(b.manifest);
});

test('a model declares at most one primary key, on one column or at the model level', () => {
  const linkError = (b: ManifestBuilder): string => {
    try {
      linkManifestWithGraph(b.manifest);
    } catch (error) {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'constraint-invalid');
      return error.diagnostic.message;
    }
    assert.fail('linking accepted two primary keys');
  };
  const two = meterProject({ materialized: 'table' }, { meter_id: column('meter_id', [{ type: 'primary_key' }]), read_at: column('read_at', [{ type: 'primary_key' }]) });
  assert.match(linkError(two), /^Primary key constraint error: \(models\/meter_reads\.sql\)\nFound 2 columns \(\['meter_id', 'read_at'\]\) with primary key constraints defined\./);

  const both = meterProject({ materialized: 'table' }, { meter_id: column('meter_id', [{ type: 'primary_key' }]) });
  both.manifest.nodes['model.grid.meter_reads']!.constraints = [{ type: 'primary_key', columns: ['meter_id'] }];
  assert.match(linkError(both), /^Primary key constraint error: \(models\/meter_reads\.sql\)\nPrimary key constraints defined at the model level and the columns level\./);
  // dbt reports both problems at once.
  two.manifest.nodes['model.grid.meter_reads']!.constraints = [{ type: 'primary_key', columns: ['meter_id'] }];
  assert.equal(linkError(two).split('\n').length, 3);

  const modelLevel = meterProject({ materialized: 'table' }, { meter_id: column('meter_id'), read_at: column('read_at') });
  modelLevel.manifest.nodes['model.grid.meter_reads']!.constraints = [{ type: 'primary_key', columns: ['meter_id', 'read_at'] }];
  linkManifestWithGraph(modelLevel.manifest);
});

test('a constraint without a known type is refused: on any column, and at model level under a contract', () => {
  const bad = (b: ManifestBuilder): string => {
    try {
      linkManifestWithGraph(b.manifest);
    } catch (error) {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'constraint-invalid');
      return error.diagnostic.message;
    }
    assert.fail('linking accepted the constraint');
  };
  const onColumn = new ManifestBuilder('grid');
  onColumn.model('meter_reads', { columns: { kwh: column('kwh', [{ type: 'not_null' }, { type: 'positive' }]) } });
  assert.equal(bad(onColumn), 'Invalid constraint type on column kwh');
  const untyped = new ManifestBuilder('grid');
  untyped.model('meter_reads', { columns: { kwh: column('kwh', [{ expression: 'kwh > 0' }]) } });
  assert.equal(bad(untyped), 'Invalid constraint type on column kwh');

  const onModel = meterProject({ materialized: 'table' }, { kwh: column('kwh') });
  onModel.manifest.nodes['model.grid.meter_reads']!.constraints = [{ type: 'check', expression: 'kwh > 0' }, { type: 'positive', columns: ['kwh'] }];
  assert.equal(bad(onModel), "Invalid constraint type on model meter_reads: Type must be one of ['check', 'not_null', 'unique', 'primary_key', 'foreign_key', 'custom']");
  // Without an enforced contract dbt does not look at model-level constraint types.
  const loose = new ManifestBuilder('grid');
  loose.model('meter_reads', { columns: { kwh: column('kwh') } }).constraints = [{ type: 'positive', columns: ['kwh'] }];
  linkManifestWithGraph(loose.manifest);
});
