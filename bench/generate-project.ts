// Writes synthetic dbt projects for the benchmarks: many models with macros and tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Shape of a generated benchmark project. */
export interface SyntheticProjectOptions {
  models: number;
  /** Generic tests per model (not_null/unique on id, accepted_values on status...). */
  testsPerModel: number;
  materialized: 'view' | 'table';
  /** How many upstream models each model selects from (kept shallow for views). */
  fanIn: number;
  dbPath: string;
}

/** Writes the project into `dir` and returns its path. */
export async function writeSyntheticProject(dir: string, options: SyntheticProjectOptions): Promise<string> {
  await mkdir(join(dir, 'models'), { recursive: true });
  await mkdir(join(dir, 'macros'), { recursive: true });
  await writeFile(
    join(dir, 'dbt_project.yml'),
    `name: bench\nversion: '1.0'\nprofile: bench\nmodels:\n  bench:\n    +materialized: ${options.materialized}\n`,
  );
  await writeFile(
    join(dir, 'profiles.yml'),
    `bench:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${JSON.stringify(options.dbPath)}\n      threads: 2\n`,
  );
  await writeFile(
    join(dir, 'macros', 'helpers.sql'),
    `{% macro cents_to_dollars(col, scale=2) -%}\n  round(cast({{ col }} as double) / 100, {{ scale }})\n{%- endmacro %}\n\n` +
      `{% macro status_case(col, statuses) -%}\n  case\n  {%- for s in statuses %}\n    when {{ col }} = '{{ s }}' then {{ loop.index }}\n  {%- endfor %}\n    else 0\n  end\n{%- endmacro %}\n\n` +
      `{% macro select_columns(cols, prefix='') -%}\n  {%- for c in cols %}{{ prefix }}{{ c }}{% if not loop.last %}, {% endif %}{% endfor -%}\n{%- endmacro %}\n`,
  );
  const batch: Promise<void>[] = [];
  const yml: string[] = ['version: 2', 'models:'];
  for (let i = 0; i < options.models; i++) {
    const name = `model_${String(i).padStart(5, '0')}`;
    const folder = `group_${Math.floor(i / 500)}`;
    let sql: string;
    // The first models of every 100 are roots; the others read from earlier roots only, so chains stay shallow.
    if (i % 100 < 10) {
      sql =
        `{{ config(tags=['root']) }}\n` +
        `select range as id, range * 7 as amount_cents,\n  case range % 3 when 0 then 'placed' when 1 then 'shipped' else 'returned' end as status\nfrom range(20)\n`;
    } else {
      const base = i - (i % 100);
      const parents = Array.from({ length: options.fanIn }, (_, k) => `model_${String(base + ((i + k) % 10)).padStart(5, '0')}`);
      sql =
        `{{ config(tags=['derived', '${folder}']) }}\n` +
        `{% set statuses = ['placed', 'shipped', 'returned'] %}\n` +
        `select\n  p0.id,\n  {{ cents_to_dollars('p0.amount_cents') }} as amount,\n  {{ status_case('p0.status', statuses) }} as status_rank,\n  p0.status\n` +
        `from {{ ref('${parents[0]}') }} as p0\n` +
        parents
          .slice(1)
          .map((p, k) => `left join {{ ref('${p}') }} as p${k + 1} on p${k + 1}.id = p0.id\n`)
          .join('') +
        `{% if var('limit_rows', false) %}limit {{ var('limit_rows') }}{% endif %}\n`;
    }
    batch.push(mkdir(join(dir, 'models', folder), { recursive: true }).then(() => writeFile(join(dir, 'models', folder, `${name}.sql`), sql)));
    if (options.testsPerModel > 0) {
      const tests = ['unique', 'not_null'];
      const colTests = tests.slice(0, Math.min(2, options.testsPerModel)).map((t) => `          - ${t}`).join('\n');
      yml.push(`  - name: ${name}`, `    description: "Model ${i}"`, `    columns:`, `      - name: id`, `        data_tests:`, colTests);
      if (options.testsPerModel > 2) {
        yml.push(`      - name: status`, `        data_tests:`, `          - accepted_values:`, `              values: ['placed', 'shipped', 'returned']`);
      }
    }
    if (batch.length >= 256) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  if (options.testsPerModel > 0) await writeFile(join(dir, 'models', 'schema.yml'), `${yml.join('\n')}\n`);
  return dir;
}
