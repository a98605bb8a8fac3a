// dbt 1.10's `anchors:` key in a property file holds YAML anchors that the file's entries
// alias: it is read without a warning, and what the aliases stand for applies where they sit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const PROPERTIES = `anchors:
  - &ticket_id
    name: ticket_id
    description: One ticket sold at the box office.
    data_tests:
      - not_null
      - unique

models:
  - name: tickets
    columns:
      - *ticket_id
  - name: refunds
    columns:
      - *ticket_id
`;

test('an anchors: block in a property file is silent, and its aliases apply to the models that use them', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: cinema\nprofile: cinema\n',
    'models/tickets.sql': 'select 1 as ticket_id\n',
    'models/refunds.sql': 'select 1 as ticket_id\n',
    'models/props.yml': PROPERTIES,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(loaded.diagnostics.filter((d) => d.code === 'yaml-unknown-key'), []);
    const m = loaded.manifest;
    assert.equal(m.nodes['model.cinema.refunds']?.columns['ticket_id']?.description, 'One ticket sold at the box office.');
    const tests = Object.values(m.nodes).filter((n) => n.resource_type === 'test').map((n) => n.name).sort();
    assert.deepEqual(tests, ['not_null_refunds_ticket_id', 'not_null_tickets_ticket_id', 'unique_refunds_ticket_id', 'unique_tickets_ticket_id']);
  } finally {
    await p.cleanup();
  }
});
