// The timing each compiled node's result carries, as run_results.json records it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFiles, writeProject } from '../project/load/test-project.js';
import { executeInvocation } from './execute-invocation.js';
import { Logger } from './logger.js';
import { openSession } from './project-session.js';

// As dbt writes a timing entry: UTC, to the microsecond.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/u;

test('compile times each node within the invocation: compile, then an execute step of no length', async () => {
  const models: Record<string, string> = {};
  for (let i = 0; i < 40; i++) models[`models/m_${i}.sql`] = i === 0 ? 'select 1 as id' : `select id from {{ ref('m_${i - 1}') }}`;
  const p = await writeProject({ 'dbt_project.yml': 'name: clock\nprofile: clock\n', ...models });
  const logger = new Logger({ format: 'text', quiet: true, invocationId: 'clock' });
  try {
    await writeFiles(p.dir, { 'profiles.yml': `clock:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${join(p.dir, 'clock.duckdb')}\n` });
    const session = await openSession({ projectDir: p.dir, profilesDir: p.dir, flags: { WHICH: 'compile' }, logger, connect: true });
    try {
      for (let round = 0; round < 2; round++) {
        const before = Date.now();
        const { results } = await executeInvocation(session, { command: 'compile', fullRefresh: false, failFast: false, storeFailures: false, args: {} });
        const after = Date.now();
        assert.equal(results.length, 40);
        for (const r of results) {
          assert.deepEqual(r.timing.map((t) => t.name), ['compile', 'execute'], r.unique_id);
          const [compile, execute] = r.timing.map((t) => [Date.parse(t.started_at), Date.parse(t.completed_at)] as const);
          for (const t of r.timing) assert.match(t.started_at, ISO), assert.match(t.completed_at, ISO);
          // Each round's times are its own: none is left over from an earlier node or invocation.
          assert.ok(before <= compile![0] && compile![0] <= compile![1] && compile![1] <= execute![0] && execute![1] <= after, r.unique_id);
          assert.equal(execute![0], execute![1]);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await session.close();
    }
  } finally {
    await p.cleanup();
  }
});
