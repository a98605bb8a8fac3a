import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isReelhouseError, userError } from '../core/diagnostic.js';
import type { CompiledNode, UnitTestNode } from '../project/types.js';
import type { ProjectSession } from './project-session.js';
import type { NodeResult } from './run-result.js';
import { fixtureRows, fixtureSql, type FixtureSpec } from './unit-test-fixtures.js';

/** How many differing rows a failing unit test prints. */
const DIFF_ROWS_SHOWN = 20;

/**
 * Runs a dbt unit test: the model's SQL with each `given` input replaced by its fixture rows,
 * compared with `expect` as multisets over the expected columns. Fixtures live in temp tables
 * of one session that is rolled back, so nothing is left in the warehouse.
 */
export async function runUnitTest(session: ProjectSession, unit: UnitTestNode, threadId: string): Promise<NodeResult> {
  const started = Date.now();
  const startedAt = new Date().toISOString();
  const adapter = session.adapter!;
  const modelId = unit.depends_on.nodes.find((id) => id.startsWith('model.'));
  const model = modelId ? session.manifest.nodes[modelId] : undefined;
  const base = {
    unique_id: unit.unique_id,
    thread_id: threadId,
    adapter_response: {},
    relation_name: null,
    node: unit,
    compiled: true,
  };
  const finish = (status: NodeResult['status'], message: string | null, failures: number | null, compiled: string | null): NodeResult => ({
    ...base,
    status,
    message,
    failures,
    compiled_code: compiled,
    timing: [{ name: 'execute', started_at: startedAt, completed_at: new Date().toISOString() }],
    execution_time: (Date.now() - started) / 1000,
  });
  if (!model) {
    return finish('error', `Compilation Error in unit_test ${unit.name} (${unit.original_file_path})\n  model '${unit.model}' was not found`, null, null);
  }
  if (model.language === 'python') {
    return finish('error', `Compilation Error in unit_test ${unit.name} (${unit.original_file_path})\n  ${unit.model} is a Python model: unit tests test SQL models only, as in dbt.`, null, null);
  }

  class Rollback extends Error {}
  let outcome: NodeResult | undefined;
  try {
    await adapter.transaction(async (s) => {
      const where = `unit test '${unit.name}' (${unit.original_file_path})`;
      const readFixture = (name: string, format: string): string => readFixtureFile(session, name, format, where);
      let compiled = session.renderer.compile(model, session.manifest, { ...overridesOf(unit), unitTest: true });
      let n = 0;
      for (const input of unit.given) {
        const spec = implicitSeedInput(session, input as FixtureSpec & { input: string }, where) ?? (input as FixtureSpec);
        // `this`: the rows the incremental model's own table holds before the run.
        const target = input.input.trim() === 'this'
          ? { rendered: model.relation_name ?? '', relation: { database: model.database, schema: model.schema, identifier: model.alias } }
          : resolveInput(session, input.input, where);
        const columns = target.relation ? await adapter.getColumns(target.relation).catch(() => []) : [];
        const sql = fixtureSql(fixtureRows(spec, readFixture, `${where} input ${input.input}`), columns, adapter.dialect, `${where} input ${input.input}`);
        const name = `__rh_unit_input_${++n}`;
        await adapter.execute(`create temp table ${name} as (${sql})`, { session: s });
        if (target.rendered.startsWith('__dbt__cte__')) {
          // An ephemeral input is inlined as a CTE: set its definition aside so that the
          // references read the fixture's table instead of the ephemeral model's own SQL.
          const escaped = target.rendered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          compiled = compiled.replace(new RegExp(`(\\bwith\\s+|,\\s*)${escaped}(\\s+as\\s*\\()`, 'i'), `$1__rh_unit_unused_${n}$2`);
        }
        compiled = compiled.split(target.rendered).join(name);
      }
      const actualSql = compiled.trim().replace(/;\s*$/, '');
      await adapter.execute(`create temp table __rh_unit_actual as (${actualSql})`, { session: s });
      const actualCols = (await adapter.execute('select * from __rh_unit_actual limit 0', { session: s })).columns;
      const expectRows = fixtureRows(unit.expect as FixtureSpec, readFixture, `${where} expect`);
      const expectNames =
        expectRows.kind === 'rows' && expectRows.rows.length > 0
          ? [...new Set(expectRows.rows.flatMap((r) => Object.keys(r)))]
          : actualCols.map((c) => c.name);
      const expectCols = expectNames.map((name) => {
        const col = actualCols.find((c) => c.name.toLowerCase() === name.toLowerCase());
        if (!col) {
          throw userError('unit-test-invalid', `${where}: expected column '${name}' is not a column of ${unit.model}`, undefined,
            `The model's columns are: ${actualCols.map((c) => c.name).join(', ')}.`);
        }
        return col;
      });
      await adapter.execute(`create temp table __rh_unit_expected as (${fixtureSql(expectRows, expectCols, adapter.dialect, `${where} expect`)})`, { session: s });
      const cols = expectCols.map((c) => adapter.dialect.quoteIdentifier(c.name)).join(', ');
      const diff = await adapter.execute(
        `select * from (
           (select '+' as "diff", * from (select ${cols} from __rh_unit_actual except all select ${cols} from __rh_unit_expected))
           union all
           (select '-' as "diff", * from (select ${cols} from __rh_unit_expected except all select ${cols} from __rh_unit_actual))
         ) order by all`,
        { session: s },
      );
      if (diff.rows.length === 0) outcome = finish('pass', 'PASS', 0, actualSql);
      else {
        const header = diff.columns.map((c) => c.name).join(' | ');
        const lines = diff.rows.slice(0, DIFF_ROWS_SHOWN).map((r) => r.map((v) => (v === null ? 'null' : String(v))).join(' | '));
        const more = diff.rows.length > DIFF_ROWS_SHOWN ? `\n  ... and ${diff.rows.length - DIFF_ROWS_SHOWN} more` : '';
        outcome = finish(
          'fail',
          `Failure in unit_test ${unit.name} (${unit.original_file_path})\n  actual differs from expected (+ only in actual, - only in expected):\n\n  ${header}\n  ${lines.join('\n  ')}${more}`,
          1, // dbt counts a failing unit test as one failure, however many rows differ
          actualSql,
        );
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) {
      const detail = isReelhouseError(error)
        ? [error.diagnostic.message, error.diagnostic.hint].filter(Boolean).join('\n  ')
        : error instanceof Error
          ? error.message
          : String(error);
      return finish('error', `Runtime Error in unit_test ${unit.name} (${unit.original_file_path})\n  ${detail}`, null, null);
    }
  }
  return outcome ?? finish('error', `unit test ${unit.name} produced no result`, null, null);
}

function overridesOf(unit: UnitTestNode): { vars?: Record<string, unknown>; envVars?: Record<string, unknown>; macros?: Record<string, unknown> } {
  const o = unit.overrides ?? {};
  return { ...(o.vars ? { vars: o.vars } : {}), ...(o.env_vars ? { envVars: o.env_vars } : {}), ...(o.macros ? { macros: o.macros } : {}) };
}

/** Finds the node a `given.input` names (`ref('x')`, `ref('pkg','x')`, `source('s','t')`) and how it renders in compiled SQL. */
function resolveInput(session: ProjectSession, given: string, where: string): { rendered: string; relation?: { database: string; schema: string; identifier: string } } {
  const m = session.manifest;
  // With the support_custom_ref_kwargs flag, dbt lets an input pass keyword arguments a custom
  // ref() macro reads (ref('x', label='y')); they do not change which node the input names.
  const input = session.loaded.project.flags['support_custom_ref_kwargs'] === true && /^\s*ref\(/.test(given)
    ? given.replace(/,\s*(?!v\s*=|version\s*=)[A-Za-z_]\w*\s*=\s*('[^']*'|"[^"]*"|[^,)]+)/g, '')
    : given;
  const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,\s*v(?:ersion)?\s*=\s*['"]?([^'")]+)['"]?\s*)?\)\s*$/.exec(input);
  if (ref) {
    const [pkg, name] = ref[2] ? [ref[1]!, ref[2]] : [undefined, ref[1]!];
    const node = Object.values(m.nodes).find(
      (n) => n.name === name && (pkg === undefined || n.package_name === pkg) && ['model', 'seed', 'snapshot'].includes(n.resource_type),
    ) as CompiledNode | undefined;
    if (!node) throw userError('unit-test-invalid', `${where}: input ${input} was not found in the manifest: it names no model, seed or snapshot`);
    if (!node.relation_name) return { rendered: `__dbt__cte__${node.name}` };
    return { rendered: node.relation_name, relation: { database: node.database, schema: node.schema, identifier: node.alias } };
  }
  const src = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(input);
  if (src) {
    const node = Object.values(m.sources).find((s) => s.source_name === src[1] && s.name === src[2]);
    if (!node) throw userError('unit-test-invalid', `${where}: input ${input} names no declared source table`);
    return { rendered: node.relation_name, relation: { database: node.database, schema: node.schema, identifier: node.identifier } };
  }
  throw userError('unit-test-invalid', `${where}: Unit test given inputs must be either a 'ref', 'source' or 'this' call; input '${input}' is not`, undefined, "Write inputs as ref('model_name') or source('source_name', 'table_name').");
}

/**
 * A `given` input that names a seed and gives no rows (nor fixture) takes the seed's CSV as its
 * rows, as dbt does; with no such seed it is dbt's error. Undefined when rows are given.
 */
function implicitSeedInput(session: ProjectSession, input: FixtureSpec & { input: string }, where: string): FixtureSpec | undefined {
  if ((input.rows !== undefined && input.rows !== null) || input.fixture) return undefined;
  const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$/.exec(input.input);
  if (!ref) return undefined;
  const [pkg, name] = ref[2] ? [ref[1]!, ref[2]] : [undefined, ref[1]!];
  const seed = Object.values(session.manifest.nodes).find(
    (n) => n.resource_type === 'seed' && n.name === name && (pkg === undefined || n.package_name === pkg),
  ) as CompiledNode | undefined;
  if (!seed) {
    const known = Object.values(session.manifest.nodes).some((n) => n.name === name && (pkg === undefined || n.package_name === pkg));
    if (known) return undefined;
    throw userError('unit-test-invalid', `${where}: Unable to find seed '${pkg ?? session.loaded.project.name}.${name}' for unit tests`, undefined,
      'Give the input rows:, or name a seed of the project.');
  }
  const file = seed.seed_file ?? join(seed.origin.root, seed.original_file_path);
  return { format: 'csv', rows: readFileSync(file, 'utf8') };
}

/** Reads `tests/fixtures/<name>.<format>` from the test paths, as dbt looks fixtures up. */
function readFixtureFile(session: ProjectSession, name: string, format: string, where: string): string {
  const ext = format === 'dict' ? 'yml' : format;
  // dbt reads fixtures from every folder under <test path>/fixtures; a name must be unique there.
  const found: string[] = [];
  for (const testPath of session.loaded.project.testPaths ?? ['tests']) {
    found.push(...findFixtureFiles(join(session.loaded.projectDir, testPath, 'fixtures'), `${name}.${ext}`));
  }
  if (found.length > 1) {
    throw userError('unit-test-invalid', `${where}: dbt found two fixtures with the name "${name}": ${found.map((f) => relative(session.loaded.projectDir, f)).join(' and ')}`, undefined, 'Rename one of the fixture files.');
  }
  if (found[0]) return readFileSync(found[0], 'utf8');
  throw userError('unit-test-invalid', `${where}: fixture file '${name}.${ext}' not found under tests/fixtures/`);
}

// Files named `file` in `dir` and its subfolders.
function findFixtureFiles(dir: string, file: string, depth = 0): string[] {
  if (depth > 32 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...findFixtureFiles(join(dir, entry.name), file, depth + 1));
    else if (entry.name === file) out.push(join(dir, entry.name));
  }
  return out;
}
