import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const PROJECT = `name: shop
profile: shop
models:
  shop:
    +materialized: table
    +tags: [nightly]
    +docs: {node_color: teal}
`;

test('entries of one property file share its patch_path; an entry without config keeps the project config, one with config merges it, a top-level tags: is ignored', async () => {
  const p = await writeProject({
    'dbt_project.yml': PROJECT,
    'models/orders.sql': 'select 1 as id',
    'models/customers.sql': 'select 1 as id',
    'models/staging/props.yml': `version: 2
models:
  - name: orders
    description: Orders
  - name: customers
    tags: [daily]
    docs: {show: false}
    config:
      materialized: view
      contract: {enforced: true}
    columns:
      - name: id
        data_type: int
`,
  });
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    const orders = nodes['model.shop.orders']!;
    const customers = nodes['model.shop.customers']!;
    assert.equal(orders.patch_path, 'shop://models/staging/props.yml');
    assert.equal(customers.patch_path, 'shop://models/staging/props.yml');
    assert.equal(orders.description, 'Orders');
    assert.equal(orders.config.materialized, 'table');
    assert.deepEqual(orders.config.tags, ['nightly']);
    assert.deepEqual(orders.unrendered_config, { materialized: 'table', tags: ['nightly'], docs: { node_color: 'teal' } });
    assert.deepEqual(orders.docs, { show: true, node_color: 'teal' });
    assert.deepEqual(orders.contract, { enforced: false, alias_types: true });
    // The node's lists and mappings are its own: a change to one leaves its config as it was.
    assert.notEqual(orders.tags, orders.config.tags);
    orders.tags.push('changed');
    assert.deepEqual(orders.config.tags, ['nightly']);

    assert.equal(customers.config.materialized, 'view');
    // A model entry's top-level tags: is no property dbt reads (only config: tags: is): it tags nothing.
    assert.deepEqual(customers.tags, ['nightly']);
    assert.deepEqual(customers.config.tags, ['nightly']);
    assert.deepEqual(customers.docs, { show: false, node_color: 'teal' });
    assert.deepEqual(customers.contract, { enforced: true, alias_types: true });
    // unrendered_config takes the entry's config: and the properties dbt moves into it (docs, not
    // tags), each key replacing the project's whole.
    assert.deepEqual(customers.unrendered_config, { materialized: 'view', tags: ['nightly'], docs: { show: false }, contract: { enforced: true } });
  } finally {
    await p.cleanup();
  }
});

test('a column keeps the keys dbt does not know first, then its config and its own fields, each column with lists of its own', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\n',
    'models/orders.sql': 'select 1 as id, 2 as total',
    'models/props.yml': `version: 2
models:
  - name: orders
    columns:
      - name: id
        policy_tag: pii
        description: The key
        config: {meta: {owner: ana}, tags: [key]}
        tags: [ident]
        granularity: day
      - name: total
      - name: status
        quote: true
        constraints: [{type: not_null}]
`,
  });
  try {
    const orders = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.shop.orders']!;
    const { id, total, status } = orders.columns as unknown as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(id!), ['policy_tag', 'config', 'name', 'description', 'data_type', 'meta', 'tags', 'quote', 'constraints', 'granularity', 'doc_blocks']);
    assert.deepEqual(id, {
      policy_tag: 'pii', config: { meta: { owner: 'ana' }, tags: ['ident', 'key'] }, name: 'id', description: 'The key', data_type: null,
      meta: { owner: 'ana' }, tags: ['ident', 'key'], quote: null, constraints: [], granularity: 'day', doc_blocks: [],
    });
    // config mirrors the column's own meta and tags.
    assert.equal((id!.config as { meta: unknown }).meta, id!.meta);
    assert.deepEqual(Object.keys(total!), ['config', 'name', 'description', 'data_type', 'meta', 'tags', 'quote', 'constraints', 'doc_blocks']);
    assert.deepEqual(status!.constraints, [{ type: 'not_null' }]);
    assert.equal(status!.quote, true);
    // Columns without meta or tags still each have their own.
    assert.notEqual(total!.meta, status!.meta);
    assert.notEqual(total!.tags, status!.tags);
  } finally {
    await p.cleanup();
  }
});

test('generic tests take the project config; a column\'s tags and not_null\'s own tags tag the node but stay out of its config, as dbt keeps them', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\ndata_tests:\n  +tags: [quality]\n  +severity: warn\n',
    'models/orders.sql': 'select 1 as id',
    'models/props.yml': `version: 2
models:
  - name: orders
    columns:
      - name: id
        tags: [key]
        data_tests:
          - unique
          - not_null:
              config: {severity: error, tags: [strict], where: "id > 0"}
          - shop.positive
`,
    'tests/generic/positive.sql': "{% test positive(model, column_name) %}select 1 where false{% endtest %}",
  });
  try {
    const nodes = Object.values((await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes).filter((n) => n.resource_type === 'test');
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const unique = byName.get('unique_orders_id')!;
    assert.deepEqual(unique.config.tags, ['quality']);
    assert.deepEqual(unique.tags, ['key', 'quality']);
    assert.equal(unique.config.severity, 'warn');
    assert.equal(unique.raw_code, '{{ test_unique(**_dbt_generic_test_kwargs) }}');
    const notNull = byName.get('not_null_orders_id')!;
    assert.deepEqual(notNull.config.tags, ['quality']);
    assert.deepEqual(notNull.tags, ['key', 'strict', 'quality']);
    assert.equal(notNull.config.severity, 'ERROR');
    assert.equal(notNull.config.where, 'id > 0');
    assert.deepEqual(notNull.unrendered_config, { tags: ['quality'], severity: 'ERROR', where: 'id > 0' });
    const positive = byName.get('shop_positive_orders_id')!;
    assert.deepEqual(positive.test_metadata, { name: 'positive', namespace: 'shop', kwargs: { column_name: 'id', model: "{{ get_where_subquery(ref('orders')) }}" } });
    assert.match(positive.unique_id, /^test\.shop\.shop_positive_orders_id\.[0-9a-f]{10}$/);
  } finally {
    await p.cleanup();
  }
});
