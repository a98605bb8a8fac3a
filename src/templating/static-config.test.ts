import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment } from './environment.js';
import { unrenderedConfigCall } from './static-config.js';

const written = (source: string) => unrenderedConfigCall(new Environment().parse(source, 'model.sql'));

test('config() literals keep their values, expressions their text in Python form', () => {
  assert.deepEqual(
    written(
      "{{ config(materialized='view', retries=3, ratio=2.0, enabled=false, owner=none, labels=['a', 'b'], info={'team': 'ops', 'on': True}) }}\nselect 1",
    ),
    { literals: { materialized: 'view', retries: 3, ratio: 2, enabled: false, owner: null, labels: ['a', 'b'], info: { team: 'ops', on: true } }, expressions: {} },
  );
  assert.deepEqual(
    written(
      `{{ config(materialized=env_var("KIND", default='table'), schema=target.schema ~ '_x', full_refresh=target.name not in ['prod'], keep=not var('drop') or false, cols=['id', var("extra")], alias=var('aliases')['m'], offset=-1) }}`,
    )?.expressions,
    {
      materialized: "env_var('KIND', default='table')",
      schema: "target.schema ~ '_x'",
      full_refresh: "target.name not in ['prod']",
      keep: "not var('drop') or False",
      cols: "['id', var('extra')]",
      alias: "var('aliases')['m']",
      offset: '-1',
    },
  );
});

test('only the first config() call counts, found inside blocks too; none gives null', () => {
  assert.deepEqual(written("{% if true %}{{ config(tags=var('t')) }}{% endif %}{{ config(alias='z') }}"), { literals: {}, expressions: { tags: "var('t')" } });
  assert.equal(written('select 1 {{ ref("a") }}'), null);
  assert.deepEqual(written("{{ config({'materialized': 'table'}) }}"), { literals: {}, expressions: {} });
});
