// The members of dbt's base Jinja context that YAML values see besides env_var, var and
// target (dbt renders profiles.yml, dbt_project.yml, property files, packages.yml and selectors
// with it): modules, the JSON/YAML helpers, set/zip, local_md5, dbt_version, log and print, the
// invocation's id, start time and flags, and `builtins` holding them all.
import { DBT_VERSION } from './context-members.js';
import { helperFunctions } from './py-helpers.js';
import { bindParams } from './py-args.js';
import { pyStr } from '../../templating/index.js';
import { PyDatetime, UTC } from './py/datetime.js';
import { datetimeModule } from './py/datetime-module.js';
import { pytzModule } from './py/pytz.js';
import { reModule } from './py/re.js';
import { itertoolsModule } from './py/itertools.js';

/** What a YAML render knows of the invocation it belongs to. */
export interface YamlInvocation {
  invocationId?: string | undefined;
  runStartedMicros?: number | undefined;
  flags?: Record<string, unknown> | undefined;
  /** Where log() and print() lines go; dropped when absent. */
  log?: ((level: 'info' | 'debug' | 'print', msg: string) => void) | undefined;
}

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

/** The members that depend on the invocation: log, print, invocation_id, run_started_at, flags, thread_id. */
export function yamlInvocationMembers(run: YamlInvocation = {}): Record<string, unknown> {
  const micros = run.runStartedMicros ?? Date.now() * 1000;
  return {
    log: (...raw: unknown[]) => {
      const p = bindParams(raw, ['msg', 'info']);
      run.log?.(p['info'] ? 'info' : 'debug', pyStr(p['msg']));
      return '';
    },
    print: (...raw: unknown[]) => {
      run.log?.('print', pyStr(bindParams(raw, ['msg'])['msg']));
      return '';
    },
    invocation_id: run.invocationId ?? null,
    run_started_at: PyDatetime.fromMicros(micros, UTC.atUtc(micros)),
    flags: run.flags ?? {},
    // YAML is rendered on dbt's main thread, before any worker thread exists.
    thread_id: 'MainThread',
  };
}

/** A YAML render context: the base members plus the given ones, with `builtins` naming them all as dbt's does. */
export function yamlRenderContext(own: Record<string, unknown>, run?: YamlInvocation): Record<string, unknown> {
  const ctx: Record<string, unknown> = { ...yamlBaseMembers(), ...yamlInvocationMembers(run), ...own };
  ctx['builtins'] = { ...ctx };
  return ctx;
}
