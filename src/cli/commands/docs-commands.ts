import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { targetDirOf } from '../../run/project-session.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Adapter } from '../../adapters/adapter.js';
import { openDuckDb, targetOpenOptions } from '../../adapters/duckdb/index.js';
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { writeManifest } from '../../run/artifacts/index.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { collect, withProjectFlags, type ProjectFlags, type SelectionFlags } from '../global-options.js';
import { selectNodes } from '../../graph/index.js';
import { executeInvocation } from '../../run/execute-invocation.js';
import { runResultsArgs } from '../invocation-flags.js';
import { copyAssetPaths } from './docs-assets.js';
import { applyDefer } from '../defer.js';
import { freshnessStates, printCompileError, stateOf } from './node-commands.js';

// The server layer (web app, docs site, catalog) is loaded by the docs commands alone: the
// others start without its modules.
const serverLayer = () => import('../../server/index.js');

/** Flags of `docs generate`. */
export interface GenerateFlags extends ProjectFlags, Pick<SelectionFlags, 'state' | 'defer' | 'deferState' | 'favorState'> {
  compile?: boolean;
  select?: string[];
  exclude?: string[];
  selector?: string;
  emptyCatalog?: boolean;
  static?: boolean;
}

/** Flags of `docs serve`. */
interface ServeFlags extends ProjectFlags {
  port?: string;
  host?: string;
  browser?: boolean;
  sqlExplorer?: boolean;
}

/** Registers `docs generate` and `docs serve`. */
export function registerWebCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const docs = program.command('docs').description('generate and serve the project documentation');
  withProjectFlags(docs.command('generate').description('write target/catalog.json, the manifest and the docs site target/index.html'))
    .option('-s, --select <spec...>', 'limit the catalog (and compilation) to these nodes and sources', collect)
    .option('--exclude <spec...>', 'leave these nodes and sources out of the catalog', collect)
    .option('--selector <name>', 'a selector defined in selectors.yml')
    .option('--no-compile', 'do not compile the models before writing the manifest')
    .option('--empty-catalog', 'write a catalog without looking at the warehouse')
    .option('--static', 'also write the docs site as target/static_index.html (one self-contained file)')
    .action(async (flags: GenerateFlags) => setExit(await docsGenerateCommand(flags, io)));
  withProjectFlags(docs.command('serve').description('serve the docs, lineage and dashboards in the browser'))
    .option('--port <n>', 'the port to listen on (default 8080; 0 picks a free one)')
    .option('--host <host>', 'the address to listen on (default 127.0.0.1, this computer only)')
    .option('--no-browser', 'accepted for compatibility; the browser is never opened')
    .option('--sql-explorer', 'also serve a read-only SQL explorer')
    .action(async (flags: ServeFlags) => setExit(await docsServeCommand(flags, io)));
}

/** dbt docs generate: compiles the project, writes manifest.json, then catalog.json from the warehouse. */
export async function docsGenerateCommand(flags: GenerateFlags, io: CliIo): Promise<number> {
  const [{ createWebApp, dashboardExposures, generateCatalog, loadDashboards }, { writeStaticSite }, { catalogFromMacro }] = await Promise.all([
    serverLayer(),
    import('../../server/docs/static-site.js'),
    import('./catalog-macro.js'),
  ]);
  const logger = makeLogger(flags, io);
  const session = await sessionFor(flags, io, logger, 'generate', true, {
    // dbt's Flags of the selection options, with their defaults.
    SELECT: flags.select ?? [],
    EXCLUDE: flags.exclude ?? [],
    ...(flags.selector !== undefined ? { SELECTOR: flags.selector } : {}),
  });
  try {
    const { manifest, renderer } = session;
    const targetDir = targetDirOf(session);
    // As in dbt, the selection applies only when the project is compiled; it limits what is
    // compiled and which nodes and sources the catalog lists (a source and a seed sharing a
    // relation are listed only when selected).
    let selected: Set<string> | undefined;
    if (flags.compile !== false) {
      // dbt's generate is its compile task: --state feeds state: and result: selectors, --defer its refs.
      await applyDefer(session, flags, io);
      const state = await stateOf(flags, io, session);
      const compared = { state: state?.manifest, previousResults: state?.runResults, ...(await freshnessStates(session, state)) };
      selected = new Set(
        selectNodes(manifest, session.graph, { select: flags.select, exclude: flags.exclude, selector: flags.selector, selectors: session.loaded.selectors, ...compared }).selected,
      );
      // dbt's docs generate runs its compile task first: the stats and concurrency lines, the
      // compiled SQL under target/compiled and run_results.json, as `compile` writes them. It
      // raises at the first node that fails (exit code 2), leaving no catalog or docs site.
      const compiled = await executeInvocation(session, {
        command: 'compile',
        select: flags.select,
        exclude: flags.exclude,
        selector: flags.selector,
        ...compared,
        fullRefresh: false,
        failFast: false,
        storeFailures: false,
        writeJson: flags.writeJson ?? true,
        // dbt records the generate command's own flags with the compile it ran.
        args: runResultsArgs(session.flags, { compile: true, static: flags.static === true, empty_catalog: flags.emptyCatalog === true }),
      });
      if (printCompileError(logger, compiled.results)) return 2;
    }
    await copyAssetPaths(session.loaded.projectDir, targetDir, session.loaded.project.assetPaths);
    const dashboards = loadDashboards({ projectDir: session.loaded.projectDir, manifest, renderer });
    for (const d of dashboards.diagnostics) logger.diagnostic({ ...d, severity: 'warning' });
    dashboardExposures(manifest, dashboards.dashboards, session.loaded.projectDir);
    // As dbt since parsing writes the manifest: --no-compile writes it too, its nodes not compiled.
    await writeManifest(manifest, targetDir);
    const only = selected ? { only: selected } : {};
    if (!flags.emptyCatalog) logger.info('Building catalog', 'BuildingCatalog');
    // A get_catalog of the project's or a package's builds the catalog, as dbt runs that macro;
    // otherwise the warehouse is read directly, which is what dbt's own macro returns.
    const catalog = flags.emptyCatalog
      ? await generateCatalog(emptyWarehouse(session.adapter!), manifest, { invocationId: session.invocationId })
      : (catalogFromMacro(session, { invocationId: session.invocationId, ...only }) ??
        (await generateCatalog(session.adapter!, manifest, { invocationId: session.invocationId, ...only })));
    // As dbt, a failed catalog query is a warning, and the catalog is written with its errors.
    const errors = (catalog.errors as string[] | null) ?? [];
    for (const error of errors) logger.warn(`Encountered an error while generating catalog: ${error}`, 'CatalogGenerationError', { exc: error });
    await mkdir(targetDir, { recursive: true });
    await writeFile(join(targetDir, 'catalog.json'), JSON.stringify(catalog, null, 2));
    const nodes = Object.keys(catalog.nodes as object).length;
    const sources = Object.keys(catalog.sources as object).length;
    logger.debug(`The catalog lists ${nodes} node${nodes === 1 ? '' : 's'} and ${sources} source${sources === 1 ? '' : 's'} found in the warehouse`);
    if (errors.length > 0) {
      logger.event('error', 'WriteCatalogFailure', `dbt encountered ${errors.length} failure${errors.length === 1 ? '' : 's'} while writing the catalog`, { num_exceptions: errors.length });
    }
    logger.info(`Catalog written to ${join(targetDir, 'catalog.json')}`, 'CatalogWritten', { path: join(targetDir, 'catalog.json') });
    // The docs site: the live web app's answers for these artifacts, embedded in one page.
    const projectName = session.loaded.project.name;
    const site = await writeStaticSite({ handler: createWebApp({ projectName, targetDir, dashboards }), targetDir, projectName, alsoStaticIndex: flags.static === true });
    if (isReelhouseError(site)) {
      logger.diagnostic(site.diagnostic);
      return 1;
    }
    // dbt writes its docs site without a word, its console ending at the catalog's line.
    for (const file of site.files) logger.debug(`Docs site written to ${file} (${(site.bytes / 1024).toFixed(0)} KiB, ${site.pages} pages)`, 'DocsSiteWritten', { path: file, bytes: site.bytes });
    // dbt's docs generate fails when the catalog has errors.
    return errors.length > 0 ? 1 : 0;
  } finally {
    await session.close();
  }
}

/** dbt docs serve: serves the docs app, lineage and dashboards until interrupted. */
export async function docsServeCommand(flags: ServeFlags, io: CliIo, until?: Promise<void>): Promise<number> {
  const { createProjectWebApp, serveWebApp } = await serverLayer();
  const logger = makeLogger(flags, io);
  const port = flags.port === undefined ? 8080 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw userError('usage', `--port must be a port number, got '${flags.port}'`);
  // The warehouse is opened read-only and only when a dashboard asks, so a build can still run before.
  const session = await sessionFor(flags, io, logger, 'serve', false);
  let warehouse: Promise<Adapter> | undefined;
  const path = session.loaded.target.path;
  const open = (): Promise<Adapter> => {
    if (!existsSync(path)) {
      return Promise.reject(userError('warehouse-missing', `The warehouse ${path} does not exist yet`, undefined, 'Run `reelhouse build` first.'));
    }
    warehouse ??= openDuckDb({ ...targetOpenOptions(session.loaded.target), path, readOnly: true }).catch(
      (error: unknown) => {
        warehouse = undefined;
        throw error;
      },
    );
    return warehouse;
  };
  const { handler, dashboards } = createProjectWebApp(
    { ...session, adapter: undefined },
    { warehouse: open, sqlExplorer: flags.sqlExplorer === true },
  );
  for (const d of dashboards.diagnostics) logger.diagnostic({ ...d, severity: 'warning' });
  const host = flags.host ?? '127.0.0.1';
  const server = await serveWebApp(handler, { port, host });
  // dbt's serve prints these lines bare (no time of day), the blank lines and the exit hint after.
  const address = ['127.0.0.1', 'localhost', '0.0.0.0', '::'].includes(host) ? `http://localhost:${server.port}` : server.url;
  const bare = (name: string, text: string, data: Record<string, unknown> = {}): void => logger.event('info', name, text, data, false, true);
  bare('ServingDocsPort', `Serving docs at ${server.port}`, { address: host, port: server.port });
  bare('ServingDocsAccessInfo', `To access from your browser, navigate to: ${address}`, { port: server.port });
  const count = dashboards.dashboards.length;
  if (count > 0) bare('Note', `The project's ${count} dashboard${count === 1 ? ' is' : 's are'} at ${address}/#/dashboards`);
  bare('Formatting', '\n\n');
  bare('ServingDocsExitInfo', 'Press Ctrl+C to exit.');
  await (until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }));
  await server.close();
  if (warehouse) await (await warehouse.catch(() => undefined))?.close();
  await session.close();
  return 0;
}

/** An adapter view that finds nothing: for --empty-catalog. */
function emptyWarehouse(adapter: Adapter): Adapter {
  // Defined, not assigned: the adapter may expose `type` as a getter only (the cancellable view
  // every CLI command runs on), which an assignment cannot shadow.
  return Object.create(adapter, {
    type: { value: 'none' },
    getRelation: { value: async () => undefined },
  }) as Adapter;
}
