import { ReelhouseError, isReelhouseError, userError } from '../../core/diagnostic.js';
import { selectNodes } from '../../graph/index.js';
import type { CompiledNode } from '../../project/types.js';
import { inlineQueryNode } from '../../project/index.js';
import type { QueryResult } from '../../adapters/adapter.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { firstSelectValue, type SelectionFlags } from '../global-options.js';
import { PRINT_DEFAULTS, Table, duckdbResponse, formatAgateTable } from '../../project/context/index.js';
import { freshnessStates, stateOf, writeParseArtifacts } from './node-commands.js';
import { applyDefer } from '../defer.js';
import { logConcurrency, logFoundStats, logNothingToDo } from '../../run/run-header.js';
import { targetDirOf, type ProjectSession } from '../../run/project-session.js';
import type { Logger } from '../../run/logger.js';
import { writeCompiledSqlNow, writeRunResults, type RunResultEntry } from '../../run/artifacts/index.js';
import { isoUtc, nowMs, secondsBetween } from '../../core/clock.js';
import { runResultsArgs } from '../invocation-flags.js';
import { showJsonPreview, showJsonRows, showJsonText } from './show-json.js';
import { inShowNodeTurn } from './show-node-turn.js';
import { FirstInlinedEphemerals } from '../../run/first-inlined-ephemerals.js';

/** dbt show: runs a node's compiled SQL (or inline SQL) and previews its first rows. */
export async function showCommand(
  flags: SelectionFlags & { inline?: string; inlineDirect?: string; limit?: string; output?: string },
  io: CliIo,
): Promise<number> {
  const logger = makeLogger(flags, io);
  const limit = flags.limit === undefined ? 5 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < -1) throw userError('usage', `--limit must be a whole number (or -1 for all), got '${flags.limit}'`);
  const select = [...(flags.select ?? []), ...(flags.models ?? [])];
  // --inline-direct is --inline taken as plain SQL: no Jinja, so no ref() either.
  if (flags.inlineDirect !== undefined) {
    if (flags.inline !== undefined) throw userError('usage', 'inline_direct: not allowed with argument inline');
    refuseInlineWithSelection({ ...flags, inline: flags.inlineDirect }, select);
  }
  refuseInlineWithSelection(flags, select);
  if (flags.inline === undefined && flags.inlineDirect === undefined && select.length === 0 && flags.selector === undefined) {
    throw userError('usage', 'Either --select or --inline must be passed to show', undefined, "For example: reelhouse show --select stg_users --limit 10");
  }
  const session = await sessionFor(flags, io, logger, 'show', true, {
    DEFER: flags.defer ?? false,
    FAVOR_STATE: flags.favorState ?? false,
    // dbt's Flags of show's own options, with their defaults.
    SELECT: select,
    EXCLUDE: flags.exclude ?? [],
    OUTPUT: flags.output ?? 'text',
    LIMIT: limit,
    ...(flags.selector !== undefined ? { SELECTOR: flags.selector } : {}),
    ...(flags.inline !== undefined ? { INLINE: flags.inline } : {}),
    ...(flags.inlineDirect !== undefined ? { INLINE_DIRECT: flags.inlineDirect } : {}),
  });
  try {
    await writeParseArtifacts(session, flags);
    await applyDefer(session, flags, io);
    const previews: Preview[] = [];
    const compileStarted = nowMs();
    // Each query run as dbt's runner runs a node, its rows printed once all have run (show's end messages).
    const done: Ran[] = [];
    // The nodes dbt's show runs: the selected ones (none for inline SQL).
    const shownIds = new Set<string>();
    const inlined = new FirstInlinedEphemerals(session.manifest, shownIds);
    const run = async (preview: Preview, compile: () => string): Promise<void> => {
      done.push(await inShowNodeTurn(session.logger, preview.eventNode, inlined, () => {
        preview.sql = compile();
        preview.compiled[1] = nowMs();
      }, async () => {
        const ran = await executePreview(session, preview, limit);
        return { value: { preview, ...ran }, result: showResult(session, preview, ran.executed) };
      }));
    };
    if (flags.inlineDirect !== undefined) {
      previews.push({ label: 'inline node', subject: INLINE_SUBJECT, sql: flags.inlineDirect, compiled: [compileStarted, nowMs()], direct: true });
      done.push({ preview: previews[0]!, ...(await executePreview(session, previews[0]!, limit)) });
    } else if (flags.inline !== undefined) {
      const inline = compileInlineNode(session, flags.inline);
      const sql = inline.compiled_code ?? '';
      logFoundStats(logger, session.manifest, true);
      logConcurrency(logger, session, 1);
      const preview: Preview = { label: 'inline node', subject: INLINE_SUBJECT, sql, compiled: [compileStarted, nowMs()], eventNode: inline };
      previews.push(preview);
      // Its SQL was compiled (and written) as the project was parsed, as dbt parses inline SQL first; the node's turn compiles it again.
      await run(preview, () => sql);
    } else {
      // --inline-direct compiles nothing; the other forms compile the project first, as dbt's show does.
      logFoundStats(logger, session.manifest);
      // --state makes state: and result: selectors usable here, as on every dbt command.
      const state = await stateOf(flags, io, session);
      const { selected, warnings } = selectNodes(session.manifest, session.graph, {
        select,
        exclude: flags.exclude,
        selector: flags.selector,
        selectors: session.loaded.selectors,
        state: state?.manifest,
        previousResults: state?.runResults,
        ...(await freshnessStates(session, state)),
        resourceTypes: ['model', 'seed', 'snapshot', 'test', 'analysis'],
        indirectSelection: 'empty',
      });
      for (const w of warnings) logger.diagnostic(w);
      const nodes = selected.map((id) => session.manifest.nodes[id]).filter((n): n is CompiledNode => n !== undefined);
      for (const node of nodes) shownIds.add(node.unique_id);
      if (nodes.length === 0) {
        // As dbt's show (any node command): nothing selected is a warning, an empty run_results.json and exit 0.
        logNothingToDo(logger);
        if (flags.writeJson ?? true) {
          await writeRunResults({ results: [], elapsedSeconds: 0, invocationId: session.invocationId, generatedAt: nowMs(), args: runResultsArgs(session.flags) },
            targetDirOf(session));
        }
        return 0;
      }
      logConcurrency(logger, session, nodes.length);
      // dbt runs every selected node but previews, each under its own heading (versioned models as
      // name.vN), only those whose name is within the first --select value: `-s orders+` shows orders.
      const first = firstSelectValue(io.argv) ?? select[0];
      for (const node of nodes) {
        const name = node.version !== undefined && node.version !== null ? `${node.name}.v${node.version}` : node.name;
        if (node.language === 'python') {
          throw userError('python-model', `Python model ${name} cannot be previewed: Reelhouse runs no Python.`, { file: node.origin.file },
            `Preview the table it last built instead: --inline "select * from {{ ref('${node.name}') }}".`);
        }
        const started = nowMs();
        const preview: Preview = {
          label: `node '${name}'`, node: name, uniqueId: node.unique_id, subject: `${node.resource_type} ${name} (${node.original_file_path})`, sql: '',
          compiled: [started, started], relationName: node.relation_name ?? null, source: node, shown: first === undefined || first.includes(node.name), eventNode: node,
        };
        previews.push(preview);
        await run(preview, () => {
          const sql = node.resource_type === 'seed' ? `select * from ${node.relation_name}` : session.renderer.compile(node, session.manifest);
          // As dbt's show compiles a node: its compiled SQL is written under target/compiled (a seed has none).
          if (node.resource_type !== 'seed') {
            node.compiled_code = sql;
            writeCompiledSqlNow(node, targetDirOf(session));
          }
          return sql;
        });
      }
    }
    const results: RunResultEntry[] = [];
    for (const { preview, executed, rows } of done) {
      printPreview(logger, preview, rows, flags.output === 'json', flags.quiet === true);
      results.push(showResult(session, preview, executed));
    }
    // dbt's show writes run_results.json as its other node commands do: one result per previewed query.
    if (flags.writeJson ?? true) {
      await writeRunResults({
        results, elapsedSeconds: secondsBetween(compileStarted), invocationId: session.invocationId, generatedAt: nowMs(), args: runResultsArgs(session.flags),
      }, targetDirOf(session));
    }
    return 0;
  } finally {
    await session.close();
  }
}

/** One query show previews: its heading, the node it came from (none for inline SQL) and what errors name. */
interface Preview {
  label: string;
  node?: string;
  /** The node's unique_id (none for inline SQL), for dbt's ShowNode event. */
  uniqueId?: string;
  subject: string;
  sql: string;
  /** When compiling the query started and ended (clock readings), for run_results.json. */
  compiled: [number, number];
  /** The node's relation, as its run result names it (none for inline SQL). */
  relationName?: string | null;
  /** The node previewed (none for inline SQL): get_show_sql renders in its context, with its sql_header. */
  source?: CompiledNode;
  /** --inline-direct: the SQL runs as given and only the first rows are read, as dbt's direct show does. */
  direct?: boolean;
  /** False for a selected node dbt runs without printing it (its name is not within the first --select value). */
  shown?: boolean;
  /** The node dbt's runner runs for the query (the selected one, or the inline query's): its events' node_info. None for --inline-direct, which runs no node. */
  eventNode?: CompiledNode;
}

/** A preview query that ran, and the rows it returned. */
interface Ran {
  preview: Preview;
  executed: Executed;
  rows: QueryResult;
}

/** How dbt names inline SQL in errors: its node's resource type and name, and the stand-in file it was read from. */
const INLINE_SUBJECT = 'sql operation inline_query (from remote system.sql)';

/** The node of --inline SQL, compiled and written; a failure reads as dbt's "Error parsing inline query", followed by the cause. */
export function compileInlineNode(session: ProjectSession, sql: string): CompiledNode {
  const node = inlineQueryNode(session.loaded, sql);
  let compiled: string;
  try {
    compiled = session.renderer.compileInline(sql, node);
  } catch (error) {
    if (isReelhouseError(error)) throw prefixed(error, 'Error parsing inline query');
    throw error;
  }
  // dbt's compiler writes every node it compiles, the inline one too: under its file, "from remote
  // system.sql", at its path (target/compiled/<project>/from remote system.sql/sql/inline_query).
  node.compiled_code = compiled;
  writeCompiledSqlNow(node, targetDirOf(session));
  return node;
}

/** The same diagnostic, its message led by what failed (and `text`, the report as dbt words it, when given). */
function prefixed(error: ReelhouseError, lead: string, text?: string): ReelhouseError {
  return new ReelhouseError({ ...error.diagnostic, message: `${lead}: ${error.diagnostic.message}`, ...(text === undefined ? {} : { text }) }, { cause: error });
}

/** dbt refuses --select or --selector next to --inline: the inline SQL is the only node. */
export function refuseInlineWithSelection(flags: SelectionFlags & { inline?: string }, select: string[]): void {
  if (flags.inline === undefined) return;
  if (select.length > 0) throw userError('usage', 'select: not allowed with argument inline', undefined, 'Give --select or --inline, not both.');
  if (flags.selector !== undefined) throw userError('usage', 'selector: not allowed with argument inline', undefined, 'Give --selector or --inline, not both.');
}

/** dbt's ShowNode `data`: the node, its preview as text (the table, or the rows as JSON) and how it was asked for. */
function showNodeData(preview: Preview, text: string, format: 'json' | 'text', quiet: boolean): Record<string, unknown> {
  const inline = preview.node === undefined;
  return { node_name: preview.node ?? 'inline_query', preview: text, is_inline: inline, output_format: format, unique_id: preview.uniqueId ?? '', quiet };
}

/** When a preview query ran (clock readings) and the query itself. */
interface Executed {
  started: number;
  finished: number;
  query: string;
}

/**
 * The query a preview runs, as dbt's show builds it: a node's or inline SQL through get_show_sql
 * (its sql_header, then get_limit_sql appending the limit; -1 is none), which a project may
 * override; a seed's rows read from its table; --inline-direct's SQL as given.
 */
function showQuery(session: ProjectSession, preview: Preview, limit: number): string {
  if (preview.direct) return preview.sql;
  if (preview.source?.resource_type === 'seed') {
    const body = preview.sql.trim();
    return limit === -1 ? body : `select * from (\n${body}\n) as reelhouse_show limit ${limit}`;
  }
  const header = preview.source?.config['sql_header'];
  const rendered = session.renderer.callMacro('get_show_sql', [preview.sql, typeof header === 'string' ? header : null, limit === -1 ? null : limit], undefined, preview.source);
  // Untrimmed: run_results.json records this text, blank lines included, as dbt's ShowRunner does.
  return String(rendered);
}

/** dbt's run result of a previewed query: a success with its compile and execute timing. */
function showResult(session: ProjectSession, preview: Preview, executed: Executed): RunResultEntry {
  const [compileStarted, compileDone] = preview.compiled;
  return {
    unique_id: preview.uniqueId ?? `sql_operation.${session.loaded.project.name}.inline_query`,
    status: 'success', message: null, failures: null,
    timing: [
      { name: 'compile', started_at: isoUtc(compileStarted), completed_at: isoUtc(compileDone) },
      { name: 'execute', started_at: isoUtc(executed.started), completed_at: isoUtc(executed.finished) },
    ],
    thread_id: 'Thread-1 (worker)',
    execution_time: secondsBetween(compileStarted, executed.finished),
    // What adapter.execute reports for the query, as dbt's ShowRunner records it (to_dict(), unset fields null).
    adapter_response: duckdbResponse().toDict(),
    // dbt's ShowRunner records the query get_show_sql built as the node's compiled code.
    compiled: true, compiled_code: preview.source?.resource_type === 'seed' || preview.direct ? preview.sql : executed.query, relation_name: preview.relationName ?? null,
    batch_results: null,
  };
}

/** Runs one preview query, returning its rows and when it ran. */
async function executePreview(session: ProjectSession, preview: Preview, limit: number): Promise<{ executed: Executed; rows: QueryResult }> {
  const started = nowMs();
  const query = showQuery(session, preview, limit);
  // Exact DECIMALs (as text): a number holds only ~15 significant digits; agate formats the Decimal itself.
  const result = await session.adapter!.execute(query, { exactDecimals: true }).catch((error: unknown) => {
    // dbt names what failed, as on run: dbt-duckdb raises every DuckDB error as a runtime error,
    // "Runtime Error in model x (models/x.sql)", and show raises that again to end the command:
    // "Encountered an error:", "Runtime Error", the node's error and its cause, indented.
    if (isReelhouseError(error) && error.diagnostic.code === 'database-error') {
      const cause = error.diagnostic.message.split('\n').map((line) => `    ${line}`).join('\n');
      throw prefixed(error, `Runtime Error in ${preview.subject}`, `Runtime Error\n  Runtime Error in ${preview.subject}\n${cause}`);
    }
    throw error;
  });
  if (preview.direct && limit !== -1) result.rows.splice(limit);
  return { executed: { started, finished: nowMs(), query }, rows: result };
}

/** Prints a preview's rows (unless it is not to be shown) as dbt's ShowNode event: a heading and a table, or JSON. */
function printPreview(logger: Logger, preview: Preview, result: QueryResult, json: boolean, quiet: boolean): void {
  if (preview.shown === false) return;
  if (json) {
    const rows = showJsonRows(result);
    logger.result(showJsonText(rows, preview.node), 'ShowNode', showNodeData(preview, showJsonPreview(rows), 'json', quiet));
  } else {
    // dbt prints the preview with agate's print_table and its defaults but for the row limit:
    // at most 6 columns, 20 characters each, 3 decimal places.
    const table = formatAgateTable(new Table(result), { ...PRINT_DEFAULTS, maxRows: null }).join('\n');
    // --quiet prints the rows alone, as dbt does, so the output can be piped.
    logger.result(quiet ? table : `Previewing ${preview.label}:\n${table}`, 'ShowNode', showNodeData(preview, table, 'text', quiet));
  }
}
