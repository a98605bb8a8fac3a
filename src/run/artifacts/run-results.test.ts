import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RUN_RESULTS_SCHEMA_VERSION, runResultsJsonParts, toRunResultsJson, writeRunResults, type RunResultEntry } from './run-results.js';
import { loadSchemaValidator } from './schema-validator.js';

const validate = loadSchemaValidator('run-results/v6.json');

function entry(status: string, extra: Partial<RunResultEntry> & Record<string, unknown> = {}): RunResultEntry {
  const t = '2024-05-01T10:00:00.000000Z';
  return {
    unique_id: `model.streaming.m_${status.replace(' ', '_')}`,
    status,
    message: status === 'success' ? 'OK' : null,
    failures: null,
    timing: [
      { name: 'compile', started_at: t, completed_at: t },
      { name: 'execute', started_at: t, completed_at: t },
    ],
    thread_id: 'Thread-1 (worker)',
    execution_time: 0.12,
    adapter_response: { _message: 'OK', code: null, rows_affected: -1 },
    compiled: true,
    compiled_code: 'select 1',
    relation_name: '"warehouse"."main"."m"',
    ...extra,
  };
}

describe('run_results.json', () => {
  const statuses = ['success', 'error', 'skipped', 'pass', 'fail', 'warn', 'runtime error'];

  it('validates against the v6 schema with results of every status', () => {
    const results = statuses.map((s) => entry(s, s === 'fail' || s === 'warn' ? { failures: 3, message: 'Got 3 results' } : {}));
    // The run layer's results carry the node itself; it must not reach the file.
    results.push({ ...entry('skipped', { compiled: false, compiled_code: null, timing: [] }), node: { name: 'x' } } as RunResultEntry);
    const json = toRunResultsJson({ results, elapsedSeconds: 1.5, invocationId: 'abc', generatedAt: new Date(), args: { which: 'build', select: ['tag:marts'], full_refresh: false, skip: undefined } });
    const result = validate(json);
    assert.ok(result.valid, result.errors);
    assert.equal((json['metadata'] as Record<string, unknown>)['dbt_schema_version'], RUN_RESULTS_SCHEMA_VERSION);
    assert.deepEqual(json['args'], { which: 'build', select: ['tag:marts'], full_refresh: false });
    const first = (json['results'] as Record<string, unknown>[])[0]!;
    assert.equal(first['batch_results'], null);
  });

  it('the schema rejects a status dbt does not know', () => {
    const json = toRunResultsJson({ results: [entry('exploded')], elapsedSeconds: 0, invocationId: 'x', generatedAt: new Date(), args: {} });
    assert.equal(validate(json).valid, false);
  });

  it('streams exactly the indented text of the whole document', () => {
    const results = [
      entry('success', { compiled_code: 'select 1\nfrom "x"\n  where a = \'\\n\'' }),
      entry('fail', { failures: 2.7, message: 'Got 2 results\nsee above' }),
      { ...entry('skipped', { compiled: false, compiled_code: null, timing: [] }), node: { name: 'x' } } as RunResultEntry,
      entry('success', { batch_results: { successful: [['2024-05-01', '2024-05-02']], failed: [] }, adapter_response: {} }),
    ];
    for (const list of [results, []]) {
      const input = { results: list, elapsedSeconds: 1.25, invocationId: 'abc', generatedAt: new Date('2024-05-01T10:00:00Z'), args: { which: 'build', select: ['a', 'b'], vars: {}, skip: undefined } };
      assert.equal([...runResultsJsonParts(input)].join(''), JSON.stringify(toRunResultsJson(input), null, 2));
    }
  });

  it('streams the same text when the results span many pieces', () => {
    const results = Array.from({ length: 100 }, (_, i) => entry(i % 7 === 0 ? 'error' : 'success', { unique_id: `model.streaming.m_${i}`, compiled_code: `select ${i}\nfrom x` }));
    const input = { results, elapsedSeconds: 3, invocationId: 'abc', generatedAt: new Date('2024-05-01T10:00:00Z'), args: { which: 'compile' } };
    assert.equal([...runResultsJsonParts(input)].join(''), JSON.stringify(toRunResultsJson(input), null, 2));
  });

  it('writes target/run_results.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rh-results-'));
    try {
      await writeRunResults({ results: [entry('success')], elapsedSeconds: 0.5, invocationId: 'inv-1', generatedAt: new Date('2024-05-01T10:00:00Z'), args: {} }, dir);
      const written = JSON.parse(await readFile(join(dir, 'run_results.json'), 'utf8'));
      assert.ok(validate(written).valid);
      assert.equal(written.metadata.invocation_id, 'inv-1');
      assert.equal(written.elapsed_time, 0.5);
      assert.equal(written.results[0].status, 'success');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
