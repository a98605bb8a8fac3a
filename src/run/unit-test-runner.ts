import { isoUtc, nowMs, secondsBetween } from '../core/clock.js';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isReelhouseError, ReelhouseError, userError } from '../core/diagnostic.js';
import type { CompiledNode, UnitTestNode } from '../project/types.js';
import type { ColumnInfo } from '../adapters/adapter.js';
import type { ProjectSession } from './project-session.js';
import type { NodeResult } from './run-result.js';
import { writeUnitTestSql, type SqlFileWriter } from './artifacts/index.js';
import { fixtureRows, fixtureSql, invalidColumn, type FixtureRows, type FixtureSpec } from './unit-test-fixtures.js';
import { selfContainedSql, withoutUnusedCtes, type InputFixture } from './unit-test-sql.js';
import { ACTUAL_OR_EXPECTED, unitTestDifference } from './unit-test-diff.js';
import { unitTestVersionedName } from './unit-test-versioned-name.js';
import { logNodePhase, logRuntimeSql, logWritingInjectedSql } from './node-events.js';

/**
 * Runs a dbt unit test: the model's SQL with each `given` input replaced by its fixture rows,
 * compared with `expect` as multisets over the expected columns. Fixtures live in temp tables
 * of one session that is rolled back, so nothing is left in the warehouse.
 */
export async function runUnitTest(session: ProjectSession, unit: UnitTestNode, threadId: string, output?: UnitTestOutput): Promise<NodeResult> {
  const started = nowMs();
  const startedAt = isoUtc(started);
  logNodePhase(session.logger, 'compiling');
  // dbt's compile step leaves a unit test as it is: the test is compiled as it executes (the
  // model rendered with its inputs, each fixture typed and written), so whatever that logs
  // (log() lines, the fixtures' column queries) carries the executing node_info.
  const compiledAt = isoUtc();
  logNodePhase(session.logger, 'executing');
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
  // dbt times a unit test as any node: a compile step (which does nothing for it), then the
  // execute step that compiles the test and runs its query.
  const finish = (status: NodeResult['status'], message: string | null, failures: number | null, compiled: string | null): NodeResult => {
    const now = isoUtc();
    const timing: NodeResult['timing'] = [{ name: 'compile', started_at: startedAt, completed_at: compiledAt }, { name: 'execute', started_at: compiledAt, completed_at: now }];
    return { ...base, status, message, failures, compiled_code: compiled, timing, execution_time: secondsBetween(started) };
  };
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
      // `this`: the rows the incremental model's own table holds before the run.
      const thisCte = `__dbt__cte__${model.alias}`;
      const targets = unit.given.map((input): ResolvedInput => input.input.trim() === 'this'
        ? { rendered: model.relation_name ?? '', relation: { database: model.database, schema: model.schema, identifier: model.alias }, cteName: thisCte, inputName: model.name, standIn: { id: model.unique_id, cte: thisCte } }
        : resolveInput(session, input.input, where));
      // dbt files each input's stand-in as model.<package>.<name>: of two inputs with one name (a
      // source's table and a model, or tables of two sources) the later replaces the earlier, whose
      // node the model then reads without an input.
      const standInKey = (t: ResolvedInput) => `${t.standIn?.id.split('.')[1] ?? ''}.${t.inputName}`;
      const replaced = targets.map((t, i) => targets.slice(i + 1).some((later) => standInKey(later) === standInKey(t)));
      const unitInputs = new Set(targets.flatMap((t, i) => (t.standIn && !replaced[i] ? [t.standIn.id] : [])));
      const unitThis = unit.given.some((input) => input.input.trim() === 'this') ? thisCte : null;
      let compiled = session.renderer.compile(model, session.manifest, { ...overridesOf(unit), unitTest: true, unitInputs, unitThis });
      let n = 0;
      const fixtures: InputFixture[] = [];
      // The nodes the inputs stand for, by `package.name` (refs) or unique_id (sources).
      const given = new Set<string>();
      // Each input's relation name in the compiled SQL and the fixture table read instead.
      const swaps: [string, string][] = [];
      for (const [i, input] of unit.given.entries()) {
        if (replaced[i]) continue;
        const spec = implicitSeedInput(session, input as FixtureSpec & { input: string }, where) ?? (input as FixtureSpec);
        const target = targets[i]!;
        // dbt types dict and csv rows by the input relation's columns, read from the warehouse;
        // an sql fixture selects its own columns and needs no relation.
        let columns: ColumnInfo[] = [];
        if ((spec.format ?? 'dict') !== 'sql') {
          columns = target.relation ? await adapter.getColumns(target.relation).catch(() => []) : [];
          // As dbt's get_fixture_sql: under --defer, an input not built here takes the deferred relation's columns.
          if (columns.length === 0 && target.deferred) columns = await adapter.getColumns(target.deferred.relation).catch(() => []);
          // With no columns dbt cannot type the rows: it fails the test rather than guess.
          if (columns.length === 0) throw missingInput(input.input, target, model);
        }
        const sql = fixtureSql(renderedSqlFixture(session, fixtureRows(spec, readFixture, `${where} input ${input.input}`), model),
          columns, adapter.dialect, `${where} input ${input.input}`, `'${target.inputName}'`);
        const name = `__rh_unit_input_${++n}`;
        fixtures.push({ table: name, cte: target.cteName, name: target.inputName, sql });
        if (target.node) given.add(target.node);
        // The closing parenthesis on a line of its own, as dbt's fixture CTE has it: an sql fixture may end with a comment.
        await adapter.execute(`create temp table ${name} as (\n${sql}\n)`, { session: s });
        if (target.rendered.startsWith('__dbt__cte__')) {
          // An ephemeral input is inlined as a CTE: set its definition aside so that the
          // references read the fixture's table instead of the ephemeral model's own SQL.
          const escaped = target.rendered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          compiled = compiled.replace(new RegExp(`(\\bwith\\s+|,\\s*)${escaped}(\\s+as\\s*\\()`, 'i'), `$1__rh_unit_unused_${n}$2`);
        }
        // Each input rendered its stand-in's bare CTE name (ref(), source(), and `this` as dbt's
        // string): the fixture's table is read under that name's place, bare too.
        const readAs = target.standIn ? [target.standIn.cte] : target.deferred ? [target.rendered, target.deferred.rendered] : [target.rendered];
        // A stand-in's CTE name is bare in dbt's SQL, so the fixture's table name is too.
        const readFrom = target.standIn ? name : adapter.dialect.quoteIdentifier(name);
        for (const rendered of readAs) {
          compiled = swapName(compiled, rendered, readFrom);
          swaps.push([rendered, readFrom]);
        }
      }
      checkInputsCovered(session, model, given, unit, withoutUnusedCtes(compiled, n));
      // The model's sql_header runs first, as dbt puts it before the unit test's query (its
      // temporary macros and settings are the model's to use), reading the fixtures too.
      const header = typeof model.config['sql_header'] === 'string' ? model.config['sql_header'].trim() : '';
      if (header !== '') await adapter.execute(swaps.reduce((sql, [from, to]) => swapName(sql, from, to), header), { session: s });
      // The model's SQL as written, as dbt's unit test query wraps it: a trailing `--` comment
      // ends before the closing parenthesis, and a trailing semicolon fails there as in dbt.
      const actualSql = compiled.trim();
      // The compiled code dbt records reads each input from a CTE holding its fixture rows, so
      // the file can be run again as it stands (the temp tables are gone after the rollback).
      const compiledCode = selfContainedSql(actualSql, fixtures, n);
      if (output) {
        unit.compiled_path = writeUnitTestSql(unit, output.targetDir, `${compiledCode}\n`,
          fixtures.map((f) => ({ name: f.name, sql: `${f.sql}\n` })), output.files);
      }
      // Each input's fixture (an ephemeral node) is written first, then the test's own SQL, each
      // announced under the test's id.
      for (let i = 0; i <= fixtures.length; i++) logWritingInjectedSql(session.logger);
      logRuntimeSql(session.logger, unit);
      await adapter.execute(`create temp table __rh_unit_actual as (\n${actualSql}\n)`, { session: s });
      const actualCols = (await adapter.execute('select * from __rh_unit_actual limit 0', { session: s })).columns;
      const expectRows = fixtureRows(unit.expect as FixtureSpec, readFixture, `${where} expect`);
      const expectNames =
        expectRows.kind === 'rows' && expectRows.rows.length > 0
          ? [...new Set(expectRows.rows.flatMap((r) => Object.keys(r)))]
          : actualCols.map((c) => c.name);
      const expectCols = expectNames.map((name) => {
        const col = actualCols.find((c) => c.name.toLowerCase() === name.toLowerCase());
        if (!col) throw invalidColumn(where, name, 'expected output', actualCols);
        return col;
      });
      await adapter.execute(`create temp table __rh_unit_expected as (${fixtureSql(expectRows, expectCols, adapter.dialect, `${where} expect`)})`, { session: s });
      const cols = expectCols.map((c) => adapter.dialect.quoteIdentifier(c.name)).join(', ');
      // dbt's unit test query: both sides in one result (so each column has one type), told apart by a column.
      const flag = adapter.dialect.quoteIdentifier(ACTUAL_OR_EXPECTED);
      const rows = await adapter.execute(
        `select ${cols}, 'actual' as ${flag} from __rh_unit_actual union all select ${cols}, 'expected' as ${flag} from __rh_unit_expected`,
        { session: s, exactDecimals: true },
      );
      const difference = unitTestDifference(rows);
      // dbt counts a failing unit test as one failure, however many rows differ. Its message is the
      // difference alone, after two line breaks (the summary prints the `Failure in unit_test` heading
      // above it); a passing one has none.
      outcome = difference ? { ...finish('fail', difference.message, 1, compiledCode), colored_message: difference.colored } : finish('pass', null, 0, compiledCode);
      // The unit test's query ran: its result carries the adapter response dbt-duckdb gives it.
      outcome.adapter_response = { _message: 'OK' };
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof MissingInputError) {
      // dbt raises this while compiling the input's fixture, so it names the input as a model.
      return finish('error', `Compilation Error in model ${error.inputName} (${unit.original_file_path})\n  ${error.diagnostic.message}\n  ${error.diagnostic.hint ?? ''}`.trimEnd(), null, null);
    }
    if (!(error instanceof Rollback)) {
      const detail = isReelhouseError(error)
        ? [error.diagnostic.message, error.diagnostic.hint].filter(Boolean).join('\n  ')
        : error instanceof Error
          ? error.message
          : String(error);
      // dbt's words when the database refuses the test's SQL, most often a fixture value of the wrong type.
      const lead = !isReelhouseError(error) || error.diagnostic.code === 'database-error'
        ? `An error occurred during execution of unit test '${unit.name}'. There may be an error in the unit test definition: check the data types.\n  `
        : '';
      // dbt names the compiled unit test node (per model version) in the heading, the definition in its message.
      // A node the model reads that no input stands for is dbt's compile-time TargetNotFoundError.
      const kind = isReelhouseError(error) && error.diagnostic.code === 'unit-test-input-not-found' ? 'Compilation Error' : 'Runtime Error';
      return finish('error', `${kind} in unit_test ${unitTestVersionedName(unit)} (${unit.original_file_path})\n  ${lead}${detail}`, null, null);
    }
  }
  return outcome ?? finish('error', `unit test ${unit.name} produced no result`, null, null);
}

/** dbt's error for a dict or csv input whose relation is not in the warehouse, so its column types are unknown. */
class MissingInputError extends ReelhouseError {
  constructor(readonly inputName: string, message: string, hint: string) {
    super({ code: 'unit-test-input-missing', severity: 'error', message, hint });
  }
}

// The error for an input with no columns to read, with the way out dbt documents for it.
function missingInput(input: string, target: ResolvedInput, model: CompiledNode): MissingInputError {
  const message = `Not able to get columns for unit test '${target.inputName}' from relation ${target.rendered} because the relation doesn't exist`;
  let hint: string;
  if (!target.relation) hint = `${input} is an ephemeral model: give its rows with format: sql (a select of every column), as dbt requires.`;
  else if (target.node?.startsWith('source.')) hint = `Create the source table ${target.rendered} first, or give ${input} rows with format: sql.`;
  else if (input.trim() === 'this') hint = `Build ${model.name} first (reelhouse run --select ${model.name} --empty makes its table without reading data), or give this rows with format: sql.`;
  else hint = `Build the unit test's inputs first: reelhouse build --select +${model.name} --exclude ${model.name} --empty makes them without reading data (or give ${input} rows with format: sql).`;
  return new MissingInputError(target.inputName, message, hint);
}

/** Where a unit test's compiled SQL goes: the invocation's target folder and background writer. */
export interface UnitTestOutput {
  targetDir: string;
  files?: SqlFileWriter | undefined;
}

/** A `given` input as the compiled SQL meets it: the text it renders to and the CTE that stands in for it. */
interface ResolvedInput {
  rendered: string;
  relation?: { database: string; schema: string; identifier: string };
  /** `__dbt__cte__<alias>` (`__dbt__cte__<identifier>` for a source), as dbt names the fixture's CTE. */
  cteName: string;
  /** The input node's name, which names its fixture's compiled file. */
  inputName: string;
  /** The node it stands for: `package.name[.v<version>]` for a ref, the unique_id for a source. */
  node?: string;
  /** A ref or source input: the node, and the CTE name its ref() or source() renders to in the test (dbt's ephemeral stand-in). */
  standIn?: { id: string; cte: string };
  /** The --state relation a ref may read instead under --defer (dbt's defer_relation). */
  deferred?: { rendered: string; relation: { database: string; schema: string; identifier: string } };
}

/**
 * dbt builds a unit test from its inputs alone, so a ref() or source() of the model that no
 * `given` input stands for is dbt's "depends on a node named ... which was not found" error
 * (rather than a read of the warehouse's real table, which would make the test's verdict
 * depend on the data).
 */
function checkInputsCovered(session: ProjectSession, model: CompiledNode, given: ReadonlySet<string>, unit: UnitTestNode, compiled: string): void {
  // The model's parse-time refs, and the relations its SQL names as rendered for this test: a
  // ref under `{% if is_incremental() %}` is only rendered when the test overrides it to true.
  const named = relationsNamedIn(session.manifest, compiled).filter((id) => id !== model.unique_id);
  for (const id of new Set([...model.depends_on.nodes, ...named])) {
    const source = session.manifest.sources[id];
    if (source) {
      if (given.has(id)) continue;
      throw userError('unit-test-input-not-found', `Unit_Test '${unit.unique_id}' (${unit.original_file_path}) depends on a source named '${source.source_name}.${source.name}' which was not found`, undefined,
        `Add a given: input for source('${source.source_name}', '${source.name}') (rows: [] for none): a unit test reads only its inputs.`);
    }
    const node = session.manifest.nodes[id];
    if (!node || !['model', 'seed', 'snapshot'].includes(node.resource_type) || given.has(inputKey(node))) continue;
    throw userError('unit-test-input-not-found', `Unit_Test '${unit.unique_id}' (${unit.original_file_path}) depends on a node named '${node.name}' which was not found`, undefined,
      `Add a given: input for ref('${node.name}') (rows: [] for none): a unit test reads only its inputs.`);
  }
}

const relationIndexes = new WeakMap<object, Map<string, string>>();

// The unique_ids of the models, seeds, snapshots and sources whose quoted relation names appear in `sql`.
function relationsNamedIn(manifest: ProjectSession['manifest'], sql: string): string[] {
  let index = relationIndexes.get(manifest.nodes);
  if (!index) {
    index = new Map();
    for (const node of Object.values(manifest.nodes)) {
      if (node.relation_name && ['model', 'seed', 'snapshot'].includes(node.resource_type)) index.set(node.relation_name, node.unique_id);
    }
    for (const source of Object.values(manifest.sources)) if (source.relation_name) index.set(source.relation_name, source.unique_id);
    relationIndexes.set(manifest.nodes, index);
  }
  const ids: string[] = [];
  for (const m of sql.matchAll(/"(?:[^"]|"")*"(?:\s*\.\s*"(?:[^"]|"")*"){1,2}/g)) {
    const id = index.get(m[0].replace(/\s*\.\s*/g, '.'));
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

// How inputs and the model's dependencies are matched: `package.name`, with `.v<version>` for a version.
function inputKey(node: CompiledNode): string {
  const version = node.version === null || node.version === undefined ? '' : `.v${String(node.version)}`;
  return `${node.package_name}.${node.name}${version}`;
}

/**
 * `sql` with the relation text `from` read as `to`; a bare CTE name only where it stands alone,
 * so that `__dbt__cte__orders` leaves `__dbt__cte__orders_items` whole.
 */
function swapName(sql: string, from: string, to: string): string {
  if (!/^\w+$/.test(from)) return sql.split(from).join(to);
  return sql.replace(new RegExp(`(?<![\\w$"])${from}(?![\\w$])`, 'g'), () => to);
}

/**
 * A `format: sql` input's text as dbt runs it: dbt makes the rows the raw code of the input's
 * stand-in model, so its Jinja ({% set %}, target, var()) renders in the tested model's package.
 */
function renderedSqlFixture(session: ProjectSession, fixture: FixtureRows, model: CompiledNode): FixtureRows {
  if (fixture.kind !== 'sql' || !/{[{%#]/.test(fixture.sql)) return fixture;
  return { kind: 'sql', sql: session.renderer.renderString(fixture.sql, model) };
}

function overridesOf(unit: UnitTestNode): { vars?: Record<string, unknown>; envVars?: Record<string, unknown>; macros?: Record<string, unknown> } {
  const o = unit.overrides ?? {};
  return { ...(o.vars ? { vars: o.vars } : {}), ...(o.env_vars ? { envVars: o.env_vars } : {}), ...(o.macros ? { macros: o.macros } : {}) };
}

/** Finds the node a `given.input` names (`ref('x')`, `ref('pkg','x')`, `source('s','t')`) and how it renders in compiled SQL. */
function resolveInput(session: ProjectSession, given: string, where: string): ResolvedInput {
  const m = session.manifest;
  // With the support_custom_ref_kwargs flag, dbt lets an input pass keyword arguments a custom
  // ref() macro reads (ref('x', label='y')); they do not change which node the input names.
  const input = session.loaded.project.flags['support_custom_ref_kwargs'] === true && /^\s*ref\(/.test(given)
    ? given.replace(/,\s*(?!v\s*=|version\s*=)[A-Za-z_]\w*\s*=\s*('[^']*'|"[^"]*"|[^,)]+)/g, '')
    : given;
  const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,\s*v(?:ersion)?\s*=\s*['"]?([^'")]+)['"]?\s*)?\)\s*$/.exec(input);
  if (ref) {
    const [pkg, name] = ref[2] ? [ref[1]!, ref[2]] : [undefined, ref[1]!];
    const candidates = Object.values(m.nodes).filter(
      (n) => n.name === name && (pkg === undefined || n.package_name === pkg) && ['model', 'seed', 'snapshot'].includes(n.resource_type),
    ) as CompiledNode[];
    // As ref() does: the version asked for, else the latest version of a versioned model.
    const version = ref[3]?.trim();
    const node = version !== undefined
      ? candidates.find((n) => n.version !== null && n.version !== undefined && String(n.version) === version)
      : candidates.find((n) => n.version === null || n.version === undefined || String(n.version) === String(n.latest_version)) ?? candidates[0];
    if (!node) throw userError('unit-test-invalid', `${where}: input ${input} was not found in the manifest: it names no model, seed or snapshot${version !== undefined ? ` of version ${version}` : ''}`);
    const names = { cteName: `__dbt__cte__${node.alias}`, inputName: node.name, node: inputKey(node), standIn: { id: node.unique_id, cte: `__dbt__cte__${node.alias || node.name}` } };
    if (!node.relation_name) return { rendered: `__dbt__cte__${node.name}`, ...names };
    const defer = (node as CompiledNode & { defer_relation?: { database: string; schema: string; alias: string; relation_name: string | null } | null }).defer_relation;
    const deferred = defer?.relation_name && defer.relation_name !== node.relation_name
      ? { rendered: defer.relation_name, relation: { database: defer.database, schema: defer.schema, identifier: defer.alias } }
      : undefined;
    return { rendered: node.relation_name, relation: { database: node.database, schema: node.schema, identifier: node.alias }, ...names, ...(deferred ? { deferred } : {}) };
  }
  const src = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(input);
  if (src) {
    const node = Object.values(m.sources).find((s) => s.source_name === src[1] && s.name === src[2]);
    if (!node) throw userError('unit-test-invalid', `${where}: input ${input} names no declared source table`);
    // dbt's stand-in for a source takes the table's identifier as its alias, and the CTE is named
    // from that alias (so a source whose identifier differs from its name is named by the identifier).
    const cteName = `__dbt__cte__${node.identifier || node.name}`;
    return { rendered: node.relation_name, relation: { database: node.database, schema: node.schema, identifier: node.identifier },
      cteName, inputName: node.name, node: node.unique_id, standIn: { id: node.unique_id, cte: cteName } };
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
