// The members of dbt's base Jinja context that YAML values see besides env_var, var and
// target (dbt renders dbt_project.yml, property files, packages.yml and selectors with it):
// modules, the JSON/YAML helpers, set/zip, local_md5, dbt_version, and `builtins` holding them.
import { DBT_VERSION } from './context-members.js';
import { helperFunctions } from './py-helpers.js';
import { datetimeModule } from './py/datetime-module.js';
import { pytzModule } from './py/pytz.js';
import { reModule } from './py/re.js';
import { itertoolsModule } from './py/itertools.js';

let members: Record<string, unknown> | undefined;

/** dbt's base-context members for rendering YAML values; callers add env_var, var and target. */
export function yamlBaseMembers(): Record<string, unknown> {
  if (members) return members;
  const h = helperFunctions();
  const base: Record<string, unknown> = {
    modules: { datetime: datetimeModule(), re: reModule(), itertools: itertoolsModule(), pytz: pytzModule() },
    dbt_version: DBT_VERSION,
  };
  for (const name of ['tojson', 'fromjson', 'toyaml', 'fromyaml', 'zip', 'zip_strict', 'set', 'set_strict', 'local_md5', 'diff_of_two_dicts']) base[name] = h[name];
  members = base;
  return base;
}

/** A YAML render context: the base members plus the given ones, with `builtins` naming them all as dbt's does. */
export function yamlRenderContext(own: Record<string, unknown>): Record<string, unknown> {
  const ctx: Record<string, unknown> = { ...yamlBaseMembers(), ...own };
  ctx['builtins'] = { ...ctx };
  return ctx;
}
