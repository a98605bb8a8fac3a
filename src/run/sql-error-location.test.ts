// Mapping DuckDB's error positions (real errors from a real in-memory DuckDB) back to the
// compiled SQL and the source it was rendered from.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Adapter } from '../adapters/adapter.js';
import { openDuckDb } from '../adapters/duckdb/index.js';
import { locateSqlError, withCompiledLineNumber } from './sql-error-location.js';

describe('locating a warehouse error in compiled SQL and its source', () => {
  let db: Adapter;
  before(async () => {
    db = await openDuckDb({ path: ':memory:' });
  });
  after(() => db.close());

  /** The message DuckDB gives for `sql`. */
  const errorOf = async (sql: string): Promise<string> => {
    try {
      await db.execute(sql);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    assert.fail(`expected an error from: ${sql}`);
  };

  const source = `{{ config(materialized='table') }}
{% for i in range(4) %}
select {{ i }} as n union all
{% endfor %}
select
  n_missing
from {{ ref('numbers') }}
`;
  const compiled = '\n\nselect 0 as n union all\n\nselect 1 as n union all\n\nselect 2 as n union all\n\nselect 3 as n union all\n\nselect\n  n_missing\nfrom (select 1 as n) as numbers';

  test('with the statement DuckDB ran: the exact compiled line, then the source line by alignment', async () => {
    const statement = `create table t as (\n${compiled}\n)`;
    const message = await errorOf(statement);
    const statementLine = Number(/LINE (\d+):/.exec(message)![1]);
    const loc = locateSqlError(message, compiled, source, statement);
    assert.ok(loc);
    assert.equal(compiled.split('\n')[loc.compiledLine - 1], '  n_missing');
    assert.equal(loc.compiledLine, statementLine - 1, 'the wrapper adds one line before the compiled SQL');
    assert.equal(loc.compiledColumn, 3);
    assert.equal(loc.sourceLine, 6);
    assert.equal(loc.sourceColumn, 3);
  });

  test('without the statement: the quoted text nearest above DuckDB\'s line gives the same answer', async () => {
    const message = await errorOf(`create or replace view v as (\n\n${compiled}\n)`);
    const loc = locateSqlError(message, compiled, source);
    assert.equal(loc?.compiledLine, 12);
    assert.equal(loc?.sourceLine, 6);
  });

  test('renumbering LINE keeps the caret under the same character when the number gets shorter', async () => {
    const message = await errorOf(`create table t2 as (\n${compiled}\n)`);
    assert.match(message, /LINE 13:/);
    const renumbered = withCompiledLineNumber(message, 9);
    const lines = renumbered.split('\n');
    const at = lines.findIndex((l) => l.startsWith('LINE 9:'));
    assert.ok(at >= 0, renumbered);
    assert.equal(lines[at + 1]!.indexOf('^'), lines[at]!.indexOf('n_missing'));
  });

  test("an error on the model's first line, behind the create statement's indent, is found on that line", async () => {
    // dbt-duckdb's create view puts the model's first line after four spaces of its own.
    const model = 'select 1 as a, no_such_col from range(3)';
    const statement = `\n  \n  create view v1 as (\n    ${model}\n  );\n`;
    const message = await errorOf(statement);
    assert.match(message, /LINE 4: {5}select/u);
    const loc = locateSqlError(message, model, model, statement);
    assert.equal(loc?.compiledLine, 1);
    assert.equal(loc?.compiledColumn, model.indexOf('no_such_col') + 1);
    assert.equal(loc?.sourceLine, 1);
    assert.equal(loc?.sourceColumn, model.indexOf('no_such_col') + 1);
  });

  test('a message without a position is left alone', async () => {
    const message = await errorOf("select error('no position here')");
    assert.equal(locateSqlError(message, "select error('no position here')", ''), undefined);
    assert.equal(withCompiledLineNumber(message, 3), message);
  });
});
