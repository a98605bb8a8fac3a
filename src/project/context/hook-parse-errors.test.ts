// dbt renders every hook (on-run-start/on-run-end, pre-hook/post-hook) while it parses, so the
// errors that rendering raises stop the parse there too: Jinja that does not compile and an
// env_var() with no value. Calls of undefined names and missing vars render as nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertReported, runCli, withProjectFiles } from '../../cli/test-helpers.js';

const PROFILE = 'hooks:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: hooks.duckdb\n';
const base = (projectTail: string): Record<string, string> => ({
  'dbt_project.yml': `name: hooks\nversion: '1.0.0'\nprofile: hooks\n${projectTail}`,
  'profiles.yml': PROFILE,
  'models/m.sql': 'select 1 as id',
});
const parse = (dir: string) => runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);

describe('hook errors found while parsing', () => {
  it('an on-run-start hook whose macro reads an unset env var fails the parse at the macro line', async () => {
    const files = {
      ...base('on-run-start:\n  - "select 1"\n  - "{{ attach_db(\'other\') }}"\n'),
      'macros/attach_db.sql': "{% macro attach_db(alias) %}\n{% set host = env_var('HOOK_TEST_UNSET_HOST') %}\nattach '{{ host }}' as {{ alias }}\n{% endmacro %}\n",
    };
    await withProjectFiles(files, {}, async (dir) => {
      assertReported(await parse(dir), 2, 'attach_db.sql:2', /Env var required but not provided: 'HOOK_TEST_UNSET_HOST'/u);
    });
  });

  it('an on-run-end hook that does not compile is placed at its line of dbt_project.yml', async () => {
    await withProjectFiles(base('on-run-end:\n  - "select 1"\n  - "{{ log(\'done\' }}"\n'), {}, async (dir) => {
      assertReported(await parse(dir), 2, 'dbt_project.yml:6', /unexpected '\}', expected '\)'/u, /operation hooks-on-run-end-1/u);
    });
  });

  it('a model pre-hook from dbt_project.yml that reads an unset env var fails the parse', async () => {
    await withProjectFiles(base('models:\n  +pre-hook: "{{ env_var(\'HOOK_TEST_UNSET_PRE\') }}"\n'), {}, async (dir) => {
      assertReported(await parse(dir), 2, 'm.sql', /Env var required but not provided: 'HOOK_TEST_UNSET_PRE'/u);
    });
  });

  it('a hook calling an undefined macro or a missing var still parses, and fails only when it runs', async () => {
    await withProjectFiles(base('on-run-start:\n  - "{{ no_such_macro() }}"\n  - "select \'{{ var(\'not_given\') }}\'"\n'), {}, async (dir) => {
      const run = await parse(dir);
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    });
  });
});
