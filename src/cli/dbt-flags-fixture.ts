// The small project and in-process runner the dbt flag tests share.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import { writeProjectFile, type CliRun } from './test-helpers.js';

/** Runs the CLI in-process with the given DBT_* variables. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { sink: { out: (l) => out.push(l), err: (l) => err.push(l) }, env, ...(cwd ? { cwd } : {}) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The one number a `select count(*)` returned. */
export const count = (rows: unknown[][]): number => Number(rows[0]![0]);

/** The statuses of a run_results.json under `target`, by unique_id without the test hash. */
export function statusesIn(dir: string, target = 'target'): Map<string, string> {
  const rr = JSON.parse(readFileSync(join(dir, target, 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
  return new Map(rr.results.map((r) => [r.unique_id.replace(/\.[0-9a-f]{10}$/, ''), r.status]));
}

/**
 * Writes the project in a temp folder and loads its seed: people (2 rows) -> base -> child, a
 * source over people read by from_source, a warn-severity test on base that fails (id_is_one), and
 * profiles flags (dev: schema main, prod: schema prod) and other (another file).
 */
export async function createFlagsProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-flags-'));
  writeProjectFile(dir, 'dbt_project.yml', "name: cli_flags\nversion: '1.0.0'\nprofile: flags\n");
  writeProjectFile(dir, 'profiles.yml', [
    'flags:',
    '  target: dev',
    '  outputs:',
    '    dev: {type: duckdb, path: flags.duckdb, schema: main, threads: 1}',
    '    prod: {type: duckdb, path: flags.duckdb, schema: prod, threads: 1}',
    'other:',
    '  target: dev',
    '  outputs:',
    '    dev: {type: duckdb, path: other.duckdb, schema: main, threads: 1}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'seeds/people.csv', 'id,name\n1,ann\n2,bob\n');
  writeProjectFile(dir, 'models/base.sql', "{{ config(materialized='table') }}\nselect * from {{ ref('people') }}\n");
  writeProjectFile(dir, 'models/child.sql', "{{ config(materialized='table') }}\nselect id, {{ 'true' if flags.EMPTY else 'false' }} as was_empty from {{ ref('base') }}\n");
  writeProjectFile(dir, 'models/from_source.sql', "{{ config(materialized='table') }}\nselect * from {{ source('raw', 'people') }}\n");
  writeProjectFile(dir, 'models/schema.yml', `version: 2
sources:
  - name: raw
    schema: main
    tables:
      - name: people
models:
  - name: base
    columns:
      - name: id
        data_tests:
          - accepted_values:
              name: id_is_one
              arguments:
                values: [1]
              config:
                severity: warn
`);
  const seed = await cli(['seed', '-q', '--project-dir', dir]);
  if (seed.code !== 0) throw new Error(`seed failed: ${seed.err}`);
  return dir;
}
