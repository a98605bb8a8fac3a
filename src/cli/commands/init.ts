import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { makeLogger, type CliIo } from '../cli-context.js';
import type { ProjectFlags } from '../global-options.js';

/** dbt init: writes a runnable starter project (DuckDB profile included). */
export async function initCommand(name: string | undefined, flags: ProjectFlags & { skipProfileSetup?: boolean }, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  const projectName = name ?? 'my_project';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(projectName)) {
    throw userError('init-name', `'${projectName}' is not a valid project name`, undefined, 'Use letters, digits and underscores, starting with a letter.');
  }
  const dir = resolve(io.cwd ?? process.cwd(), projectName);
  // dbt's init leaves an existing folder alone: it says so and the command succeeds.
  if (existsSync(dir)) {
    logger.info(`A project called ${projectName} already exists here.`, 'ProjectNameAlreadyExists', { name: projectName });
    return 0;
  }
  const files: Record<string, string> = {
    'dbt_project.yml': `name: '${projectName}'\nversion: '1.0.0'\nprofile: '${projectName}'\n\nmodel-paths: ["models"]\nanalysis-paths: ["analyses"]\ntest-paths: ["tests"]\nseed-paths: ["seeds"]\nmacro-paths: ["macros"]\nsnapshot-paths: ["snapshots"]\n\nclean-targets:\n  - "target"\n  - "dbt_packages"\n\nmodels:\n  ${projectName}:\n    example:\n      +materialized: view\n`,
    'models/example/my_first_model.sql': `{{ config(materialized='table') }}\n\nselect 1 as id\nunion all\nselect 2 as id\n`,
    'models/example/my_second_model.sql': `select *\nfrom {{ ref('my_first_model') }}\nwhere id = 1\n`,
    'models/example/schema.yml': `version: 2\n\nmodels:\n  - name: my_first_model\n    description: "A starter model"\n    columns:\n      - name: id\n        description: "The primary key for this table"\n        data_tests:\n          - unique\n          - not_null\n\n  - name: my_second_model\n    description: "A starter model built on the first"\n    columns:\n      - name: id\n        data_tests:\n          - unique\n          - not_null\n`,
    'analyses/.gitkeep': '',
    'tests/.gitkeep': '',
    'seeds/.gitkeep': '',
    'macros/.gitkeep': '',
    'snapshots/.gitkeep': '',
    '.gitignore': 'target/\ndbt_packages/\nlogs/\n*.duckdb\n*.duckdb.wal\n',
  };
  if (!flags.skipProfileSetup) {
    files['profiles.yml'] = `${projectName}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${projectName}.duckdb\n      schema: main\n      threads: 4\n`;
  }
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
  }
  logger.info(`Your new project "${projectName}" was created in ${dir}.\nNext: cd ${projectName} && reelhouse build`, 'ProjectCreated');
  return 0;
}
