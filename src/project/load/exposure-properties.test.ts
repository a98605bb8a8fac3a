// dbt's checks of an exposure entry: a type and maturity among its values, an owner that names someone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadError, type LoadError } from './test-project.js';

async function exposureError(owner: string, type = 'dashboard', extra = ''): Promise<{ error?: LoadError; dir: string }> {
  return loadError({
    'dbt_project.yml': 'name: kiosk\nprofile: kiosk\n',
    'models/sales.sql': 'select 1 as sale_id',
    'models/exposures.yml': `exposures:\n  - name: sales_board\n    type: ${type}\n${owner}${extra}    depends_on: [ref('sales')]\n`,
  });
}

test('an exposure without an owner fails to parse', async () => {
  const { error, dir } = await exposureError('');
  assert.equal(error?.message, "Invalid exposures config given in models/exposures.yml: exposure 'sales_board': 'owner' is a required property");
  assert.deepEqual(error.diagnostic?.location, { file: join(dir, 'models/exposures.yml'), line: 2 });
});

test('an exposure owner with neither name nor email fails to parse at owner:', async () => {
  const { error, dir } = await exposureError('    owner: {email: null}\n');
  assert.equal(error?.message, "Invalid exposures config given in models/exposures.yml: Exposure owner must have at least one of 'name' or 'email'.");
  assert.deepEqual(error.diagnostic?.location, { file: join(dir, 'models/exposures.yml'), line: 4 });
});

test('an exposure owner with only an email loads', async () => {
  assert.equal((await exposureError('    owner: {email: board@example.com}\n')).error, undefined);
});

test("an exposure type or maturity outside dbt's values fails to parse with dbt's schema message", async () => {
  const { error, dir } = await exposureError('    owner: {name: Kim}\n', 'report');
  assert.equal(
    error?.message,
    "Invalid exposures config given in models/exposures.yml @ exposures: {'name': 'sales_board', 'type': 'report', 'owner': {'name': 'Kim'}, 'depends_on': [\"ref('sales')\"]} - at path ['type']: 'report' is not one of ['dashboard', 'notebook', 'analysis', 'ml', 'application']",
  );
  assert.deepEqual(error.diagnostic?.location, { file: join(dir, 'models/exposures.yml'), line: 3 });
  const maturity = await exposureError('    owner: {name: Kim}\n', 'dashboard', '    maturity: ripe\n');
  assert.match(maturity.error?.message ?? '', / - at path \['maturity'\]: 'ripe' is not one of \['low', 'medium', 'high'\]$/);
  assert.equal((await exposureError('    owner: {name: Kim}\n', 'ml', '    maturity: high\n')).error, undefined);
});
