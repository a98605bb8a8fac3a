import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from '../project/context/index.js';
import { loadProject } from '../project/load/index.js';
import { CLEAN_ENV, writeFiles, writeProject } from '../project/load/test-project.js';
import { checkUniqueRelations } from './unique-relations.js';

const OPTIONS = { invocationId: 'kiln-check', runStartedAt: new Date('2025-03-01T00:00:00Z') };

test('two models aliased to one relation are refused as dbt does; other schemas and ephemeral models are fine', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: kiln\n',
    'models/bowls.sql': "{{ config(alias='pottery') }}\nselect 1 as id",
    'models/vases.sql': "{{ config(alias='pottery', schema='upstairs') }}\nselect 2 as id",
    'models/cups.sql': "{{ config(alias='pottery', materialized='ephemeral') }}\nselect 3 as id",
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const parse = () => createRenderer(loaded, OPTIONS).parse(loaded.manifest);
    assert.doesNotThrow(() => checkUniqueRelations(parse()));
    await writeFiles(p.dir, { 'models/plates.sql': "{{ config(alias='pottery') }}\nselect 4 as id" });
    const again = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const manifest = createRenderer(again, OPTIONS).parse(again.manifest);
    assert.throws(() => checkUniqueRelations(manifest), (error: Error) => {
      assert.match(error.message, /dbt found two resources with the database representation "[^"]+\.main\.pottery"/u);
      assert.match(error.message, /- model\.kiln\.bowls \(models\/bowls\.sql\)\n- model\.kiln\.plates \(models\/plates\.sql\)/u);
      return true;
    });
  } finally {
    await p.cleanup();
  }
});

test('two failure-storing data tests that share an audit table are refused; unstored ones may share a name', async () => {
  // Both generated names flatten to accepted_values_kilns_glaze__ash_grey: only the punctuation differs.
  const schema = (extra: string) =>
    'models:\n  - name: kilns\n    columns:\n      - name: glaze\n        data_tests:\n' +
    `          - accepted_values:\n              arguments: {values: ['ash grey']}\n              config: {severity: warn${extra}}\n` +
    `          - accepted_values:\n              arguments: {values: ['ash-grey']}\n              config: {severity: warn${extra}}\n`;
  const p = await writeProject({
    'dbt_project.yml': 'name: kiln\n',
    'models/kilns.sql': "select 'ash grey' as glaze",
    'models/kilns.yml': schema(''),
  });
  try {
    const parse = async () => {
      const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
      return createRenderer(loaded, OPTIONS).parse(loaded.manifest);
    };
    const relation = /database representation "[^"]+\.main_dbt_test__audit\.accepted_values_kilns_glaze__ash_grey"/u;
    const plain = await parse();
    assert.doesNotThrow(() => checkUniqueRelations(plain));
    assert.throws(() => checkUniqueRelations(plain, true), relation);
    await writeFiles(p.dir, { 'models/kilns.yml': schema(', store_failures: true') });
    const stored = await parse();
    assert.throws(() => checkUniqueRelations(stored), (error: Error) => {
      assert.match(error.message, relation);
      assert.match(error.message, /- test\.kiln\.accepted_values_kilns_glaze__ash_grey\.\w+ \(models\/kilns\.yml\)\n- test\.kiln\.accepted_values_kilns_glaze__ash_grey\.\w+ \(models\/kilns\.yml\)/u);
      return true;
    });
    await writeFiles(p.dir, { 'models/kilns.yml': schema(', store_failures: true, store_failures_as: ephemeral') });
    const ephemeral = await parse();
    assert.doesNotThrow(() => checkUniqueRelations(ephemeral));
  } finally {
    await p.cleanup();
  }
});
