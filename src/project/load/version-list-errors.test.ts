// dbt's checks of a model's `versions:` list while parsing: latest_version must be one of the
// listed versions, and a version may be listed once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

async function loadError(yaml: string): Promise<string> {
  const p = await writeProject({
    'dbt_project.yml': 'name: ledger\nprofile: ledger\n',
    'models/fares_v1.sql': 'select 1 as band',
    'models/fares_v2.sql': 'select 2 as band',
    'models/fares.yml': yaml,
  });
  try {
    await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
  } catch (error) {
    assert.ok(isReelhouseError(error), String(error));
    return error.diagnostic.message;
  } finally {
    await p.cleanup();
  }
  assert.fail('the project loaded');
}

test('a latest_version that is not among the versions is a parse error', async () => {
  const message = await loadError('models:\n  - name: fares\n    latest_version: 5\n    versions:\n      - v: 1\n      - v: 2\n');
  assert.equal(message, "latest_version: 5 is not one of model 'fares' versions: [1, 2]");
});

test('a version listed twice is a parse error', async () => {
  const message = await loadError('models:\n  - name: fares\n    versions:\n      - v: 1\n      - v: 2\n      - v: 1\n');
  assert.equal(message, "Found duplicate version: '1' in versions list of model 'fares'");
});

test("a version entry without v is dbt's schema error for the models entry", async () => {
  const message = await loadError('models:\n  - name: fares\n    versions:\n      - v: 1\n      - description: second\n');
  assert.equal(message, "Invalid models config given in models/fares.yml @ models: {'name': 'fares', 'versions': [{'v': 1}, {'description': 'second'}]} - at path ['versions'][1]: 'v' is a required property");
});

test('without latest_version the greatest version is the latest, in dbt order: numbers as numbers, other versions as text', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: ledger\nprofile: ledger\n',
    'models/fares_v10.sql': 'select 10 as band',
    'models/fares_v9.sql': 'select 9 as band',
    'models/routes_v_beta.sql': 'select 2 as band',
    'models/routes_v_alpha.sql': 'select 1 as band',
    'models/fares.yml': "models:\n  - name: fares\n    versions:\n      - v: 10\n      - v: 9\n  - name: routes\n    versions:\n      - v: _beta\n      - v: _alpha\n",
  });
  try {
    const { nodes } = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest;
    assert.equal(nodes['model.ledger.fares.v9']!.latest_version, 10);
    assert.equal(nodes['model.ledger.routes.v_alpha']!.latest_version, '_beta');
  } finally {
    await p.cleanup();
  }
});
