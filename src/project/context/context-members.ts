// The members of dbt's Jinja context (ref, source, config, this, target, adapter, ...),
// each built on first use within a render. See render-core.ts for how names resolve.
import { DBT_VERSION } from '../../core/dbt-version.js';
import { userError } from '../../core/diagnostic.js';
import { dbtCustomEnv } from '../../core/custom-env.js';
import { Undefined, isUndefined, pyRepr, pyStr } from '../../templating/index.js';
import type { CompiledNode, RefCall } from '../types.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import { Relation, relationApi } from './relation.js';
import { columnApi } from './column.js';
import { Table } from './agate-table.js';
import { ContextDict } from './context-dict.js';
import { adapterObject } from './target-adapter.js';
import { targetContextCopy } from './target-context-copy.js';
import { adapterMacroRemoved, exceptionsNamespace } from './exceptions.js';
import { validationNamespace } from './validation-namespace.js';
import { helperFunctions } from './py-helpers.js';
import { bindMacroParams, bindParams, isNone, splitArgs } from './py-args.js';
import { findSource, resolveRef, sourceIsDisabled, targetNotFound, unpinnedRefNotice } from './ref-resolver.js';
import { cteRelation, deferredRelation, emptyLimited, ephemeralRelation, eventTimeFiltered, nodeRelation, sourceRelation, type BatchBounds } from './node-relations.js';
import { PyDatetime, UTC } from './py/datetime.js';
import { datetimeModule } from './py/datetime-module.js';
import { pytzModule } from './py/pytz.js';
import { reModule } from './py/re.js';
import { itertoolsModule } from './py/itertools.js';
import { loadResult, storeResult } from './statement-results.js';
import { invocationArgsDict } from './invocation-args.js';
import { graphVariable, modelVariable } from './node-variables.js';
import { withRuntimeConfig } from './runtime-config.js';
import { metricFunction } from './metric-function.js';
import { configMember } from './config-member.js';
import { DUCKDB_DATE_FUNCTION } from './duckdb-adapter-methods.js';

export { DBT_VERSION };

/** One member of the context, built from the render's core and state. */
export type Member = (core: RenderCore, state: RenderState) => unknown;

const helpers = helperFunctions();
let modules: Record<string, unknown> | undefined;

function placeholder(core: RenderCore, schema: string, identifier: string): Relation {
  return new Relation({
    database: core.project.target.database,
    schema,
    identifier,
    type: null,
    quotePolicy: core.quotePolicy,
    includePolicy: { database: true, schema: true, identifier: true },
  });
}

const ref: Member = (core, st) => (...raw: unknown[]) => {
  const { args, kwargs } = splitArgs(raw);
  const versionArg = kwargs['version'] ?? kwargs['v'];
  // A float version (v=5.0) is named by its text, as in dbt: `5.0`, not 5.
  const version = isNone(versionArg) ? null : typeof versionArg === 'object' ? pyStr(versionArg) : (versionArg as string | number);
  if (args.length < 1 || args.length > 2 || args.some((a) => typeof a !== 'string')) {
    throw userError('compiler-error', `ref() takes one or two string arguments (a model name, or a package and a model name), got ${args.length === 0 ? 'none' : args.map((a) => pyRepr(a)).join(', ')}.`, undefined, "Write ref('model_name'), or ref('package_name', 'model_name') for a model of another package.");
  }
  const call: RefCall = args.length === 2 ? { name: String(args[1]), package: String(args[0]), version } : { name: String(args[0]), package: null, version };
  if (!st.execute) {
    st.refs.push(call);
    // dbt's parse-time ref() records the call and returns the relation of the node being parsed
    // (its `this`), not of the model named: nothing is resolved until the project is parsed.
    return st.node ? nodeRelation(st.node, core.quotePolicy) : placeholder(core, core.project.target.schema, call.name);
  }
  const target = resolveRef(st.manifest, call, st.node, core.rootPackage);
  const notice = st.node && unpinnedRefNotice(st.manifest, call, target, st.node.name);
  if (notice) core.log('info', notice);
  if (st.checkRefs && st.node && !refRecorded(st, st.node, target, core.rootPackage)) throw unrecordedRef(st.node, call);
  // A unit test's given input is an ephemeral stand-in in dbt, whatever the node materializes as:
  // its relation names a CTE that the warehouse cannot describe (introspection finds no columns).
  if (st.overrides?.unitInputs?.has(target.unique_id)) return ephemeralRelation(target);
  if (target.resource_type === 'model' && target.config.materialized === 'ephemeral') {
    // A macro run on its own has no node to put the ephemeral's CTE in.
    if (st.macroContext) throw userError('compiler-error', `Operations can not ref() ephemeral nodes, but ${target.name} is ephemeral`);
    if (!st.ephemerals.includes(target.unique_id)) st.ephemerals.push(target.unique_id);
    // Under --empty dbt limits the CTE reference too (its relation carries the same limit).
    return emptyLimited(ephemeralRelation(target), core.flags['EMPTY'] === true && !st.overrides?.unitTest);
  }
  const relation = deferredRelation(target, core.quotePolicy, core.flags, core.options.selectedResources, core.bridge) ?? nodeRelation(target, core.quotePolicy);
  return emptyLimited(eventTimeFiltered(relation, target.config['event_time'], inputWindow(core, st)), core.flags['EMPTY'] === true && !st.overrides?.unitTest);
};

/**
 * The time window inputs with `event_time` are read through: a microbatch model's batch, and
 * under --sample (run, build) the sample window, for models only (not snapshots, tests or unit
 * tests), as in dbt; a batch of a sampled microbatch model reads where the two overlap.
 */
function inputWindow(core: RenderCore, st: RenderState): BatchBounds | undefined {
  const batch = st.overrides?.batch;
  const sample = core.flags['SAMPLE'] as BatchBounds | null | undefined;
  const sampled = st.node?.resource_type === 'model';
  if (!sample || !sampled || st.overrides?.unitTest) return batch;
  if (!batch) return sample;
  return {
    start: sample.start > batch.start ? sample.start : batch.start,
    end: sample.end < batch.end ? sample.end : batch.end,
  };
}

/** Whether the parse recorded a ref to `target` for this node (in depends_on, or among its refs). */
function refRecorded(st: RenderState, node: CompiledNode, target: CompiledNode, rootPackage: string): boolean {
  if (node.depends_on.nodes.includes(target.unique_id)) return true;
  return node.refs.some((r) => {
    try {
      return resolveRef(st.manifest, r, node, rootPackage).unique_id === target.unique_id;
    } catch {
      return false;
    }
  });
}

/**
 * dbt's error for a ref() that runs only at execution (inside `{% if execute %}`): the parse
 * never saw it, so the node does not depend on its target and could run before it.
 */
function unrecordedRef(node: CompiledNode, call: RefCall): Error {
  const positional = (call.package ? [call.package, call.name] : [call.name]).map((a) => `'${a}'`).join(', ');
  const version = call.version === null || call.version === undefined ? '' : `,version='${String(call.version)}'`;
  const hint = `-- depends_on: {{ ref(${positional}${version}) }}`;
  return userError(
    'compiler-error',
    `dbt was unable to infer all dependencies for the model "${node.name}".\nThis typically happens when ref() is placed within a conditional block.\n\n` +
      `To fix this, add the following hint to the top of the model "${node.name}":\n\n${hint}`,
    { file: node.origin.file },
  );
}

const source: Member = (core, st) => (...raw: unknown[]) => {
  const p = bindParams(raw, ['source_name', 'table_name']);
  const { args, kwargs } = splitArgs(raw);
  const given = args.length + ['source_name', 'table_name'].filter((k, i) => i >= args.length && k in kwargs).length;
  const usage = "Write source('source_name', 'table_name') with the names from the source's YAML file.";
  // dbt's NumberSourceArgsError for a missing name; a name that is no string keeps the plainer words.
  if (given !== 2) throw userError('compiler-error', `source() takes exactly two arguments (${given} given)`, undefined, usage);
  if (typeof p['source_name'] !== 'string' || typeof p['table_name'] !== 'string') {
    throw userError('compiler-error', 'source() takes exactly two string arguments: a source name and a table name', undefined, usage);
  }
  const [sourceName, tableName] = [p['source_name'], p['table_name']];
  if (!st.execute) {
    st.sources.push([sourceName, tableName]);
    // As ref(): while parsing, dbt's source() returns the relation of the node being parsed.
    if (st.node) return nodeRelation(st.node, core.quotePolicy);
  }
  const found = findSource(st.manifest, sourceName, tableName, st.packageName, core.rootPackage);
  // As ref(): a unit test's given source is an ephemeral stand-in, a CTE the warehouse cannot describe.
  if (found && st.execute && st.overrides?.unitInputs?.has(found.unique_id)) return cteRelation(`__dbt__cte__${found.identifier || found.name}`);
  if (found) {
    const relation = eventTimeFiltered(sourceRelation(found, core.quotePolicy, core.project.projectDir), st.execute ? found.config['event_time'] : undefined, inputWindow(core, st));
    return emptyLimited(relation, st.execute && core.flags['EMPTY'] === true && !st.overrides?.unitTest);
  }
  if (!st.execute) return placeholder(core, sourceName, tableName);
  throw targetNotFound(st.node, 'source-not-found', `a source named '${sourceName}.${tableName}'`, sourceIsDisabled(st.manifest, sourceName, tableName));
};

// A model usually calls is_incremental() more than once (around its filter, before a
// run_query); like dbt, which answers from its relation cache, the catalog is asked once per
// render (the member is made once per render) and later calls reuse that answer.
const isIncremental: Member = (core, st) => {
  let answer: boolean | undefined;
  return (...raw: unknown[]) => {
    bindMacroParams(raw, 'is_incremental', []);
    st.recordNativeMacroCall('is_incremental');
    return (answer ??= incrementalNow(core, st));
  };
};

function incrementalNow(core: RenderCore, st: RenderState): boolean {
  if (!st.execute || !st.node || !core.bridge) return false;
  const cfg = st.config as Record<string, unknown>;
  // External models with an incremental strategy are incremental once their view over the files exists.
  const external = cfg['materialized'] === 'external' && !isNone(cfg['incremental_strategy']) && cfg['incremental_strategy'] !== undefined;
  if (cfg['materialized'] !== 'incremental' && !external) return false;
  const rel = nodeRelation(st.node, core.quotePolicy);
  const info = core.bridge.getRelationSync({ database: rel.database ?? undefined, schema: rel.schema ?? '', identifier: rel.identifier ?? '' });
  if (!info || info.type !== (external ? 'view' : 'table')) return false;
  const fullRefresh = isNone(cfg['full_refresh']) ? core.flags['FULL_REFRESH'] : cfg['full_refresh'];
  return !fullRefresh;
}

const runQuery: Member = (core, st) => (...raw: unknown[]) => {
  st.recordNativeMacroCall('run_query');
  const sql = bindMacroParams(raw, 'run_query', ['sql'])['sql'];
  // dbt's run_query returns load_result(...).table, and while parsing no statement stored a
  // result: None.table, an undefined that loops over nothing and absorbs attributes and calls.
  if (!st.execute) return new Undefined("'table' is undefined", false, true);
  if (!core.bridge) throw userError('no-database', 'run_query() needs a database connection, and none is open for this command.');
  // agate's print_table writes straight to stdout, not through dbt's logger: no time-of-day prefix.
  return new Table(core.bridge.executeSync(pyStr(sql)), (text) => core.log('print', text));
};

/** Every context member, by name. */
export const MEMBERS: Record<string, Member> = {
  ref: (core, st) => withRuntimeConfig(ref(core, st) as (...a: unknown[]) => unknown, core),
  source: (core, st) => withRuntimeConfig(source(core, st) as (...a: unknown[]) => unknown, core),
  metric: metricFunction,
  config: configMember,
  is_incremental: isIncremental,
  run_query: runQuery,
  // A hook's `this` is None; a macro run on its own (run-operation, generate_schema_name) has
  // none at all (undefined, rendered as '').
  this: (core, st) => {
    if (st.macroContext) return undefined;
    if (st.overrides?.unitTest && st.overrides.unitThis !== undefined) return st.overrides.unitThis;
    return st.node ? nodeRelation(st.node, core.quotePolicy) : null;
  },
  model: (core, st) => modelVariable(st, core.options.runStartedAt, core.options.primaryKey),
  execute: (_core, st) => st.execute,
  // As dbt's flat graph: empty while the project is parsed (dbt builds it once parsing is done).
  graph: (core, st) => graphVariable(core, st),
  var: (core, st) => {
    const fn = (...raw: unknown[]): unknown => {
      const { args } = splitArgs(raw);
      const p = bindParams(raw, ['name', 'default']);
      const name = String(p['name']);
      // As dbt's Var.get_rendered_var: a string value is rendered in the caller's context on
      // each call ("{{ 500 if target.type == 'x' else 10000 }}"); other values and defaults as given.
      const rendered = (value: unknown): unknown =>
        typeof value === 'string' && (value.includes('{{') || value.includes('{%')) ? core.env.renderString(value, st.ctx as Record<string, unknown>) : value;
      const overridden = st.overrides?.vars;
      if (overridden && Object.prototype.hasOwnProperty.call(overridden, name)) return rendered(overridden[name]);
      // No location here: the template's call site (file and line of the var() call) is added as the error unwinds.
      const lookup: { packageName: string; nodeName?: string; default?: unknown } = { packageName: st.packageName };
      if (st.node) lookup.nodeName = st.node.name;
      const hasDefault = args.length > 1 || 'default' in splitArgs(raw).kwargs;
      if (hasDefault) lookup.default = isUndefined(p['default']) ? null : p['default'];
      if (hasDefault && !core.project.vars.has(name, st.packageName)) return lookup.default;
      // As dbt's ParseVar: while parsing, a missing var is None; only execution requires it, so a
      // var that only a unit test's overrides supply does not stop the project from loading.
      if (!st.execute && !st.requireVars && !core.project.vars.has(name, st.packageName)) return null;
      return rendered(core.project.vars.get(name, lookup));
    };
    return Object.assign(fn, { has_var: (name: unknown) => core.project.vars.has(String(name), st.packageName) });
  },
  env_var: (core, st) => (...raw: unknown[]) => {
    const p = bindParams(raw, ['var', 'default']);
    const name = String(p['var']);
    // As dbt: secret variables serve profiles.yml and packages.yml only, never SQL or macros.
    if (name.startsWith('DBT_ENV_SECRET')) {
      throw userError('env-var-secret', `Secret env vars are allowed only in profiles.yml or packages.yml. Found '${name}' referenced elsewhere.`, st.node ? { file: st.node.origin.file } : undefined, 'Use a variable without the DBT_ENV_SECRET prefix here.');
    }
    const overridden = st.overrides?.envVars;
    const value = overridden && name in overridden ? String(overridden[name]) : core.env_[name];
    if (value !== undefined) return value;
    // dbt hands the default back as given (env_var('X', false) is False, not 'False'); None is no default
    if (p['default'] !== undefined && p['default'] !== null && !isUndefined(p['default'])) return p['default'];
    throw userError('env-var-missing', `Env var required but not provided: '${name}'`, undefined, `Set ${name} in the environment, or give env_var('${name}', '<default>') a default.`);
  },
  target: (core) => targetContextCopy(core.targetDict()),
  flags: (core) => core.flags,
  invocation_args_dict: (core) => invocationArgsDict(core.flags),
  dbt_metadata_envs: (core) => dbtCustomEnv(core.env_),
  adapter: (core, st) => adapterObject(core, st),
  api: (core) => ({
    Relation: relationApi(core.quotePolicy),
    Column: columnApi(),
  }),
  load_result: (_core, st) => (name: unknown) => loadResult(st, String(name)),
  store_result: (_core, st) => (...raw: unknown[]) => {
    const p = bindParams(raw, ['name', 'response', 'agate_table']);
    return storeResult(st, String(p['name']), p['response'] ?? null, p['agate_table']);
  },
  store_raw_result: (_core, st) => (...raw: unknown[]) => {
    const p = bindParams(raw, ['name', 'message', 'code', 'rows_affected', 'agate_table']);
    const response = { _message: p['message'] ?? null, code: p['code'] ?? null, rows_affected: p['rows_affected'] ?? null };
    return storeResult(st, String(p['name']), response, p['agate_table']);
  },
  exceptions: (core, st) => exceptionsNamespace(st.node, (msg) => core.warn(msg, st.node)),
  validation: () => validationNamespace(),
  log: (core) => (...raw: unknown[]) => {
    const p = bindParams(raw, ['msg', 'info']);
    core.log(p['info'] ? 'info' : 'debug', pyStr(p['msg']));
    return '';
  },
  print: (core) => (msg: unknown) => {
    core.log('print', pyStr(msg));
    return '';
  },
  modules: () => (modules ??= { datetime: datetimeModule(), re: reModule(), itertools: itertoolsModule(), pytz: pytzModule() }),
  tojson: () => helpers['tojson'],
  fromjson: () => helpers['fromjson'],
  toyaml: () => helpers['toyaml'],
  fromyaml: () => helpers['fromyaml'],
  zip: () => helpers['zip'],
  zip_strict: () => helpers['zip_strict'],
  set: () => helpers['set'],
  set_strict: () => helpers['set_strict'],
  try_set: () => helpers['try_set'],
  local_md5: () => helpers['local_md5'],
  diff_of_two_dicts: () => helpers['diff_of_two_dicts'],
  try_or_compiler_error: () => (...raw: unknown[]) => {
    const { args, kwargs } = splitArgs(raw);
    const [message, fn, ...rest] = args;
    try {
      return (fn as (...a: unknown[]) => unknown)(...rest, ...(Object.keys(kwargs).length ? [raw[raw.length - 1]] : []));
    } catch {
      throw userError('compiler-error', pyStr(message));
    }
  },
  builtins: (core, st) => ({
    ref: st.member('ref', (s) => withRuntimeConfig(ref(core, s) as (...a: unknown[]) => unknown, core)),
    source: st.member('source', (s) => withRuntimeConfig(source(core, s) as (...a: unknown[]) => unknown, core)),
    config: st.member('config', (s) => configMember(core, s)),
  }),
  invocation_id: (core) => core.options.invocationId,
  run_started_at: (core) => {
    const micros = core.options.runStartedMicros ?? core.options.runStartedAt.getTime() * 1000;
    return PyDatetime.fromMicros(micros, UTC.atUtc(micros));
  },
  dbt_version: () => DBT_VERSION,
  project_name: (core) => core.rootPackage,
  // A node's render (dbt's ModelContext) names the node's own database and schema; a macro run
  // on its own names the target's.
  database: (core, st) => (!st.macroContext && st.node?.database ? st.node.database : core.project.target.database),
  schema: (core, st) => (!st.macroContext && st.node?.schema ? st.node.schema : core.project.target.schema),
  selected_resources: (core) => core.options.selectedResources ?? [],
  doc: (_core, st) => (...raw: unknown[]) => {
    const { args } = splitArgs(raw);
    const [pkg, name] = args.length >= 2 ? [String(args[0]), String(args[1])] : [null, String(args[0])];
    const docs = Object.values(st.manifest.docs).filter((d) => d.name === name && (pkg === null || d.package_name === pkg));
    const doc = docs.find((d) => d.package_name === st.packageName) ?? docs[0];
    if (!doc) throw userError('doc-not-found', `Documentation for '${pkg ? `${pkg}.` : ''}${name}' was not found`, st.node ? { file: st.node.origin.file } : undefined);
    return doc.block_contents;
  },
  context: (_core, st) => new ContextDict(st.ctx),
  // dbt's write() puts a node's SQL in target/run; a macro run on its own has no file to write.
  write: (_core, st) => () => {
    if (st.macroContext) throw userError('compiler-error', 'cannot "write" macros or sources');
    return '';
  },
  // dbt's render(string): Jinja held in a value (dbt-duckdb renders an external model's `location` so).
  render: (core, st) => (...raw: unknown[]) => core.env.renderString(pyStr(bindParams(raw, ['string'])['string']), st.ctx as Record<string, unknown>),
  thread_id: () => 'Thread-1',
  // dbt's sql_now: the adapter's date_function(), the SQL for the current time.
  sql_now: () => DUCKDB_DATE_FUNCTION,
  adapter_macro: () => adapterMacroRemoved,
};

/** Members that dbt implements as global macros and code therefore also calls as `dbt.<name>`. */
export const NAMESPACE_EXTRAS = ['run_query', 'is_incremental'];
