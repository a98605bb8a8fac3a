// The invocation's own values in the Jinja context (invocation_args_dict, dbt_metadata_envs),
// secret variables kept out of SQL, and the strict forms of zip() and set().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../../core/diagnostic.js';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function renderKite(code: string, options: Record<string, unknown> = {}): string {
  const node = makeNode({ name: 'kite_report', raw_code: code });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, ...options });
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

function renderError(code: string, options: Record<string, unknown> = {}): string {
  try {
    renderKite(code, options);
  } catch (error) {
    assert.ok(isReelhouseError(error), String(error));
    return error.diagnostic.message;
  }
  assert.fail(`expected ${code} to raise`);
}

test('invocation_args_dict is a mapping of the invocation flags in lower case', () => {
  const flags = { WHICH: 'run-operation', MACRO: 'fly_kite', ARGS: '{wind: 4}', DEBUG: true };
  assert.equal(
    renderKite("{{ invocation_args_dict is mapping }} {{ invocation_args_dict['which'] }} {{ invocation_args_dict.macro }} {{ invocation_args_dict.args }} {{ invocation_args_dict.debug }}", { flags }),
    'True run-operation fly_kite {wind: 4} True',
  );
});

test("invocation_args_dict leaves out the flags dbt's args_to_dict drops while false (debug, full_refresh, ...); flags keeps them", () => {
  const flags = { WHICH: 'build', FULL_REFRESH: false, FAIL_FAST: false, WARN_ERROR: false, STORE_FAILURES: false, DEBUG: false, USE_COLORS: false, PRINTER_WIDTH: 80 };
  assert.equal(
    renderKite(
      "{{ 'full_refresh' in invocation_args_dict }} {{ 'debug' in invocation_args_dict }} {{ 'fail_fast' in invocation_args_dict }} {{ 'warn_error' in invocation_args_dict }} {{ 'store_failures' in invocation_args_dict }} {{ invocation_args_dict.use_colors }} {{ invocation_args_dict.which }} {{ flags.FULL_REFRESH }}",
      { flags },
    ),
    'False False False False False False build False',
  );
  assert.equal(renderKite("{{ invocation_args_dict.full_refresh }}", { flags: { WHICH: 'run', FULL_REFRESH: true } }), 'True');
});

test('dbt_metadata_envs holds the DBT_ENV_CUSTOM_ENV_ variables without their prefix', () => {
  const env = { DBT_ENV_CUSTOM_ENV_kite_colour: 'red', DBT_ENV_CUSTOM_ENV_TAIL: '3', DBT_ENV_RUN_ID: '77', WIND: 'strong' };
  assert.equal(renderKite('{{ dbt_metadata_envs }}', { env }), "{'kite_colour': 'red', 'TAIL': '3'}");
  assert.equal(renderKite('{{ dbt_metadata_envs is mapping }} {{ dbt_metadata_envs | length }}', { env: {} }), 'True 0');
});

test('a secret env var used in SQL is an error; its value is masked in logs all the same', () => {
  const env = { DBT_ENV_SECRET_KITE_KEY: 'string-and-sticks', KITE_NAME: 'osprey' };
  assert.match(renderError("select '{{ env_var('DBT_ENV_SECRET_KITE_KEY') }}'", { env }), /Secret env vars are allowed only in profiles.yml or packages.yml.*DBT_ENV_SECRET_KITE_KEY/);
  const lines: string[] = [];
  const log = (_level: string, msg: string): void => void lines.push(msg);
  assert.equal(renderKite("{{ log('key string-and-sticks for ' ~ env_var('KITE_NAME'), info=True) }}ok", { env, log }), 'ok');
  assert.ok(lines.length > 0 && lines.every((l) => l === 'key ***** for osprey'), lines.join('|'));
});

test('zip_strict and set_strict raise on a value that is not iterable; zip and set give None', () => {
  assert.match(renderError('{% set pairs = zip_strict(7) %}'), /iteration/);
  assert.match(renderError('{% set kinds = set_strict(7) %}'), /not iterable/);
  assert.equal(renderKite('{{ zip(7) is none }} {{ set(7) is none }}'), 'True True');
  assert.equal(renderKite("{{ zip_strict(['box', 'delta'], [2, 3]) | list }}"), "[('box', 2), ('delta', 3)]");
});

test("env_var's default comes back as given (a boolean stays a boolean); a None default is no default, as in dbt", () => {
  const env = {};
  assert.equal(renderKite("{% if env_var('KITE_FLAG', false) %}on{% else %}off{% endif %} {{ env_var('KITE_SPOOL', 3) + 1 }} {{ env_var('KITE_TAILS', ['red']) | length }}", { env }), 'off 4 1');
  assert.match(renderError("{{ env_var('KITE_NAME', none) }}", { env }), /Env var required but not provided: 'KITE_NAME'/);
});
