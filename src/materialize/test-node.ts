import type { RelationType } from '../adapters/adapter.js';
import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { GLOBAL_PACKAGE } from '../project/context/index.js';
import { dispatchedOverride } from './macro-overrides.js';
import { dropSql } from './relations.js';
import type { Materialization } from './materialization.js';
import type { SqlRunner } from './sql-runner.js';
import type { BuildOutcome, JinjaMaterializationHost, MaterializeContext } from './types.js';

/**
 * dbt's `test` materialization: the compiled test selects failing rows; dbt's get_test_sql
 * counts them with `fail_calc` and compares the count with `warn_if` / `error_if`.
 */
export const testMaterialization: Materialization = {
  name: 'test',
  async build(ctx, runner) {
    const node = ctx.node;
    recordMaterializationCalls(node);
    const config = node.config;
    const limit = config['limit'];
    const hasLimit = !(limit === undefined || limit === null || limit === '');
    // dbt applies `limit` to the test's query first (its sql_with_limit, from get_limit_sql):
    // stored failures hold at most `limit` rows, and get_test_sql then gets no limit of its own.
    // The SQL keeps the lines dbt's macros lay around it, so target/run reads as dbt writes it.
    let mainSql = `\n    \n  ${node.compiled_code ?? ''}\n  ${hasLimit ? `\n  limit ${Number(limit)}` : ''}\n  `;
    let stored: BuildOutcome['relation'];

    const storeAs = storeFailuresAs(ctx);
    if (storeAs) {
      stored = await storeFailures(ctx, runner, mainSql, storeAs);
      // dbt then counts the stored rows rather than running the test's query again.
      mainSql = `\n        select *\n        from ${runner.adapter.dialect.renderRelation(stored)}\n    `;
    }

    const failCalc = stringConfig(config['fail_calc'], 'count(*)');
    const warnIf = stringConfig(config['warn_if'], '!= 0');
    const errorIf = stringConfig(config['error_if'], '!= 0');
    const override = ctx.jinja && getTestSqlOverride(ctx.jinja, ctx.adapter.type);
    const query =
      override && ctx.jinja
        ? ctx.jinja.render(`{{ ${override}(_rh_main_sql, _rh_fail_calc, _rh_warn_if, _rh_error_if, _rh_limit) }}`, {
            _rh_main_sql: mainSql,
            _rh_fail_calc: failCalc,
            _rh_warn_if: warnIf,
            _rh_error_if: errorIf,
            _rh_limit: null,
          })
        : `select\n      ${failCalc} as failures,\n      ${failCalc} ${warnIf} as should_warn,\n      ${failCalc} ${errorIf} as should_error\n` +
          `    from (\n      ${mainSql}\n      \n    ) dbt_internal_test`;
    // The test materialization's statement('main') body: an indented line, then get_test_sql's query.
    const sql = `\n    ${query}`;
    const result = await runner.runMain(sql);
    const outcome = testVerdict(node, result.rows);
    if (stored) outcome.relation = stored;
    return outcome;
  },
};

// The macros dbt's test materialization calls itself, in order. dbt runs a data test's
// materialization with no macro stack, so these calls count as the test's own and join its
// depends_on.macros, as the manifest written after `dbt test` or `dbt build` lists them.
const MATERIALIZATION_CALLS = ['get_limit_subquery_sql', 'should_store_failures', 'statement'].map((name) => `macro.${GLOBAL_PACKAGE}.${name}`);

function recordMaterializationCalls(node: CompiledNode): void {
  const known = node.depends_on.macros;
  const added = MATERIALIZATION_CALLS.filter((id) => !known.includes(id));
  if (added.length > 0) node.depends_on = { ...node.depends_on, macros: [...known, ...added] };
}

/**
 * A data test's verdict from the one row its query returns (failures, should_warn,
 * should_error, in that order), judged with its severity as dbt's test runner does.
 */
export function testVerdict(node: CompiledNode, rows: unknown[][]): BuildOutcome {
  const config = node.config;
  const file = node.original_file_path;
  if (rows.length !== 1) {
    throw userError('test-result-invalid', `dbt internally failed to execute ${node.unique_id}: Returned ${rows.length} rows, but expected 1 row`, { file });
  }
  const row = rows[0]!;
  if (row.length !== 3) {
    throw userError('test-result-invalid', `dbt internally failed to execute ${node.unique_id}: Returned ${row.length} columns, but expected 3 columns`, { file });
  }
  const failures = Number(row[0] ?? 0);
  const shouldWarn = testFlag(row[1], file);
  const shouldError = testFlag(row[2], file);
  const severity = stringConfig(config['severity'], 'error').toUpperCase();
  const warnIf = stringConfig(config['warn_if'], '!= 0');
  const errorIf = stringConfig(config['error_if'], '!= 0');

  // dbt's wording for run_results.json; a passing test records no failures, whatever the count.
  const got = `Got ${failures} result${failures === 1 ? '' : 's'}`;
  const outcome: BuildOutcome =
    shouldError && severity === 'ERROR'
      ? { status: 'fail', message: `${got}, configured to fail if ${errorIf}`, failures }
      : shouldWarn
        ? { status: 'warn', message: `${got}, configured to warn if ${warnIf}`, failures }
        : { status: 'pass', message: 'PASS', failures: 0 };
  // What dbt-duckdb's connection answers for the test's query, whatever its verdict: it reports
  // no statement code or row count.
  outcome.adapterResponse = { _message: 'OK' };
  outcome.rowsAffected = null;
  return outcome;
}

/**
 * Whether and how a test stores its failing rows, as dbt's test materialization decides once the
 * config has settled store_failures against store_failures_as: should_store_failures() (the
 * test's store_failures, else the --store-failures flag) says whether; store_failures_as (a
 * table when unset) says how, and a value other than 'table' or 'view' is refused only then.
 */
export function storeFailuresAs(ctx: MaterializeContext): 'table' | 'view' | undefined {
  const written = ctx.node.config['store_failures_as'];
  // The settlement again, for a config that did not go through it.
  const configured = typeof written === 'string' && written in STORE_FAILURES_OF ? STORE_FAILURES_OF[written] : ctx.node.config['store_failures'];
  const store = configured === undefined || configured === null ? ctx.storeFailuresDefault : configured === true;
  if (!store) return undefined;
  const as = written ?? 'table';
  if (as === 'table' || as === 'view') return as;
  throw userError(
    'compiler-error',
    `'${String(as)}' is not a valid value for \`store_failures_as\`. Accepted values are: ['ephemeral', 'table', 'view']`,
    { file: ctx.node.original_file_path },
  );
}

// The store_failures each accepted store_failures_as gives, as dbt's TestConfig settles them.
const STORE_FAILURES_OF: Record<string, boolean> = { ephemeral: false, table: true, view: true };

/** The relation failing rows are stored in: `<target schema>_dbt_test__audit.<test alias>` by default. */
export function auditRelation(ctx: MaterializeContext): { database: string; schema: string; identifier: string } {
  const node: CompiledNode = ctx.node;
  // The renderer already gives tests dbt's custom schema (`<target>_dbt_test__audit`); a node
  // still sitting in the target schema means the custom schema was not applied.
  const schema = node.schema && node.schema !== ctx.targetSchema ? node.schema : `${ctx.targetSchema}_${ctx.auditSchemaSuffix ?? 'dbt_test__audit'}`;
  return { database: node.database, schema, identifier: node.alias };
}

async function storeFailures(ctx: MaterializeContext, runner: SqlRunner, mainSql: string, type: RelationType): Promise<NonNullable<BuildOutcome['relation']>> {
  const relation = auditRelation(ctx);
  const dialect = runner.adapter.dialect;
  await runner.createSchema(relation);
  const existing = await runner.getRelation(relation);
  await runner.transaction(async (session) => {
    if (existing) await runner.run(dropSql(dialect, relation, existing.type), session);
    await runner.run(`create ${type === 'view' ? 'view' : 'table'} ${dialect.renderRelation(relation)} as (\n${mainSql}\n)`, session);
  });
  return { ...relation, type };
}

function stringConfig(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/**
 * The project's replacement for dbt's get_test_sql, if it has one: a root macro named
 * get_test_sql overrides dbt's by name, and an `<adapter>__` / `default__get_test_sql` is what
 * dbt's dispatch finds before its own implementation (in the root project, or in a package the
 * 'dbt' namespace's dispatch search order lists first).
 */
function getTestSqlOverride(host: JinjaMaterializationHost, adapterType: string): string | undefined {
  // Looked up once per project's macros, not for each of thousands of tests.
  const cached = testSqlOverrides.get(host.macros);
  if (cached !== undefined) return cached ?? undefined;
  const byName = Object.values(host.macros).some((m) => m.package_name === host.rootPackage && m.name === 'get_test_sql');
  const found = byName ? `${host.rootPackage}.get_test_sql` : (dispatchedOverride(host, 'get_test_sql', adapterType) ?? null);
  testSqlOverrides.set(host.macros, found);
  return found ?? undefined;
}

const testSqlOverrides = new WeakMap<JinjaMaterializationHost['macros'], string | null>();

/** should_warn / should_error as dbt reads them: booleans, numbers, or strings Python's strtobool knows. */
function testFlag(value: unknown, file: string): boolean {
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    if (['y', 'yes', 't', 'true', 'on', '1'].includes(v)) return true;
    if (['n', 'no', 'f', 'false', 'off', '0'].includes(v)) return false;
    throw userError('test-result-invalid', `'get_test_sql' returns '${value}' and is not a bool`, { file });
  }
  if (typeof value === 'bigint') return value !== 0n;
  return Boolean(value);
}
