import { isoUtc, nowMs } from '../core/clock.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Adapter } from '../adapters/adapter.js';
import { cancellableAdapter } from '../adapters/cancellable-adapter.js';
import { statementLoggingAdapter } from '../adapters/statement-log-adapter.js';
import { discardDuckDbWorker, openDuckDb, startDuckDbWorker, targetOpenOptions, unavailableExtensionWarnings } from '../adapters/duckdb/index.js';
import { linkManifestWithGraph, type Graph } from '../graph/index.js';
import { allowsPackageOverrides, customMaterializationWarnings } from '../materialize/index.js';
import { checkMicrobatchInputs, createRenderer, type Renderer } from '../project/context/index.js';
import { checkResourceNameSpaces, loadProject, requireTimeSpine, type LoadedProject } from '../project/load/index.js';
import { PROJECT_DEPRECATION_EVENTS } from '../project/load/project-deprecations.js';
import type { Manifest } from '../project/types.js';
import type { Logger } from './logger.js';
import { logAdapterRegistered } from './run-header.js';
import { checkUniqueRelations } from './unique-relations.js';
import { checkSelectors } from './check-selectors.js';
import { jinjaLogEvent } from './diagnostic-events.js';
import { currentNodeId, nodeEventData, templateLogData } from './node-log-scope.js';
import { projectDiagnosticReporter } from './parse-warnings-once.js';
import { sessionBridge, type SessionBridge } from './session-bridge.js';
import { flatGraph, nameTargetFolder } from './artifacts/index.js';
import { modelPrimaryKey } from './artifacts/model-primary-key.js';
import { linkNodeMetrics } from '../project/load/exposure-metrics.js';

const sharedWarehouses = new Map<string, Adapter>();

/**
 * Loading's warnings that dbt gives only once the manifest is linked (its _check_manifest, after
 * refs are processed): they follow a data test's missing-target warnings, and a model's missing
 * ref, which stops the parse first, leaves them unsaid.
 */
const AFTER_LINKING = new Set(['unused-config-paths']);

/**
 * Lets sessions in this process use an adapter already open on `path` (the warehouse that
 * `reelhouse serve` owns: DuckDB allows one writer, so jobs handed to the server reuse its
 * connection). Returns the undo.
 */
export function shareWarehouse(path: string, adapter: Adapter): () => void {
  const key = resolve(path);
  sharedWarehouses.set(key, adapter);
  return () => {
    if (sharedWarehouses.get(key) === adapter) sharedWarehouses.delete(key);
  };
}

/** Everything a command needs about the project: what was read, parsed and linked. */
export interface ProjectSession {
  loaded: LoadedProject;
  manifest: Manifest;
  graph: Graph;
  renderer: Renderer;
  /** Open only for commands that touch the warehouse. */
  adapter: Adapter | undefined;
  /** The warehouse as the renderer's templates reach it (with `adapter`). */
  bridge: SessionBridge | undefined;
  invocationId: string;
  /** dbt's `flags` the session was opened with (run_results.json's `args` are built from them). */
  flags: Record<string, unknown>;
  startedAt: Date;
  threads: number;
  logger: Logger;
  /** Aborts when the command is cancelled (a pipeline step's timeout): stop starting work. */
  signal: AbortSignal | undefined;
  /** With `holdParseLogs`: prints what templates logged while parsing, once (else they are never printed). */
  releaseParseLogs(): void;
  close(): Promise<void>;
}

/** What a command says about how to open the project. */
/**
 * The session's target folder: the project's target-path under the project folder, or as written
 * when absolute (as dbt's os.path.join takes an absolute second part). The folder is remembered
 * with its target-path as written, which begins the compiled_path and build_path dbt records.
 */
export function targetDirOf(session: Pick<ProjectSession, 'loaded'>): string {
  const dir = resolve(session.loaded.projectDir, session.loaded.project.targetPath);
  nameTargetFolder(dir, session.loaded.project.targetPath);
  return dir;
}

export interface SessionOptions {
  projectDir: string;
  profilesDir?: string | undefined;
  target?: string | undefined;
  /** --profile: overrides dbt_project.yml's `profile:`. */
  profile?: string | undefined;
  vars?: Record<string, unknown> | undefined;
  threads?: number | undefined;
  /** dbt's `flags` object as templates see it (FULL_REFRESH, WHICH, ...). */
  flags: Record<string, unknown>;
  logger: Logger;
  /** Open the warehouse (run, build, test, seed, show, compile with introspection...). */
  connect: boolean;
  invocationId?: string;
  /** Cancels the command: running statements are interrupted and later ones refused. */
  signal?: AbortSignal | undefined;
  /**
   * Keep what templates log while parsing until `releaseParseLogs()`: retry opens the project to
   * read what failed and then again to run it, where dbt parses once, so the first parse's lines
   * are printed only when no second opening follows.
   */
  holdParseLogs?: boolean | undefined;
  /** Print dbt's `Registered adapter: duckdb=<version>` line (once per command). */
  announceAdapter?: boolean | undefined;
}

/** Reads, parses and links the project, and opens the warehouse when the command needs it. */
export async function openSession(options: SessionOptions): Promise<ProjectSession> {
  const invocationId = options.invocationId ?? randomUUID();
  const startedMs = nowMs();
  const startedAt = new Date(Math.floor(startedMs));
  const { logger } = options;
  const report = projectDiagnosticReporter(logger, invocationId);
  // The warehouse's thread loads DuckDB while this one reads the project. Not inside a process
  // that shares its open warehouse (reelhouse serve): its sessions connect to that one.
  const worker = options.connect && sharedWarehouses.size === 0 ? startDuckDbWorker() : undefined;
  let loaded: LoadedProject;
  let shared: Adapter | undefined;
  // What the load found before its adapter line, and the list it goes on filling while it parses.
  let early: Diagnostic[] = [];
  let found: readonly Diagnostic[] = [];
  let parseWarned = false;
  const parseWarnings = (): Diagnostic[] => found.filter((d) => !AFTER_LINKING.has(d.code) && !early.includes(d));
  const logTemplateLine = (level: 'info' | 'warn' | 'debug' | 'print', msg: string): void =>
    level === 'print' ? logger.print(msg) : logger.event(level, jinjaLogEvent(level), msg, templateLogData(msg));
  let held: [level: 'info' | 'warn' | 'debug' | 'print', msg: string][] | undefined = options.holdParseLogs ? [] : undefined;
  const templateLog = (level: 'info' | 'warn' | 'debug' | 'print', msg: string): void => {
    if (held) held.push([level, msg]);
    else logTemplateLine(level, msg);
  };
  try {
    loaded = await loadProject({
      projectDir: options.projectDir,
      profilesDir: options.profilesDir,
      target: options.target,
      profile: options.profile,
      vars: options.vars ?? {},
      env: process.env,
      requirePackages: true,
      // dbt's YAML renders see the invocation too: log() there prints as a macro's does.
      invocation: { invocationId, runStartedMicros: Math.floor(startedMs * 1000), flags: options.flags, log: templateLog },
      // dbt warns of profiles.yml's config: as it sets up its flags, then of dbt_project.yml's
      // deprecated keys as it loads the project, then registers the profile's adapter, before it
      // reads the packages and parses the project's files: a parse error comes after that line.
      onProjectRead: (target, diagnostics) => {
        const projectFile = join(resolve(options.projectDir), 'dbt_project.yml');
        early = [
          ...diagnostics.filter((d) => d.code === 'project-flags-moved'),
          ...diagnostics.filter((d) => d.code in PROJECT_DEPRECATION_EVENTS && d.location?.file === projectFile),
        ];
        found = diagnostics;
        report(early);
        if (options.announceAdapter) logAdapterRegistered(logger, target.type);
      },
    });
    report(parseWarnings());
    parseWarned = true;
    report(customMaterializationWarnings(loaded.manifest.macros, ['dbt'], loaded.project.name, allowsPackageOverrides(loaded.project.flags as Record<string, unknown> | undefined)));
    checkSelectors(loaded);
    shared = options.connect ? sharedWarehouses.get(resolve(loaded.target.path)) : undefined;
    // dbt has written its parse artifacts into target-path before it connects, so a warehouse
    // file kept there (path: target/dev.duckdb) opens on a fresh checkout.
    if (options.connect && !shared) await mkdir(targetDirOf({ loaded }), { recursive: true });
  } catch (error) {
    if (worker) await discardDuckDbWorker(worker);
    // As dbt, which has fired the parse's warnings (and counts its deprecations) before the error.
    if (!parseWarned) report(parseWarnings());
    throw error;
  }
  const threads = options.threads ?? loaded.target.threads ?? 1;

  let adapter: Adapter | undefined;
  if (shared) {
    adapter = shared;
    if (worker) await discardDuckDbWorker(worker);
  } else if (options.connect) {
    const warehouse = await openDuckDb(
      {
        ...targetOpenOptions(loaded.target),
        threads: loaded.target.settings?.threads === undefined ? undefined : Number(loaded.target.settings.threads),
        projectDir: loaded.projectDir,
      },
      worker,
    );
    report(unavailableExtensionWarnings(warehouse));
    adapter = warehouse;
  }
  // As dbt populates its relation cache before running: the target schema is listed on the
  // warehouse's own thread while this one parses the project, so the first relation lookups
  // (is_incremental(), the materializations') are answered without a query, and the first
  // query on a fresh connection is paid during parsing. A failure here only means no cache.
  if (adapter && !shared) void adapter.listRelations(adapter.defaultDatabase, loaded.target.schema).catch(() => undefined);
  const opened = adapter;
  // A shared adapter belongs to the process that owns the warehouse (reelhouse serve): never close it here.
  const closeAdapter = async (): Promise<void> => {
    if (!shared) await opened?.close();
  };
  if (adapter && options.signal) adapter = cancellableAdapter(adapter, options.signal);
  // --debug: the SQL each statement sends, and how it went, as dbt's debug log shows it.
  // A node's statements are logged on its worker, on the connection named after it, as dbt's are.
  if (adapter && logger.debugging) adapter = statementLoggingAdapter(adapter, (line, event) => logger.debug(line, event.name, { ...nodeEventData(), ...event.data }), currentNodeId);
  const bridge = adapter ? sessionBridge(adapter) : undefined;
  try {
    const renderer = createRenderer(loaded, {
      db: bridge,
      flags: options.flags,
      invocationId,
      runStartedAt: startedAt,
      runStartedMicros: Math.floor(startedMs * 1000),
      log: templateLog,
      flatGraph,
      primaryKey: modelPrimaryKey,
    });
    const parsed = renderer.parse(loaded.manifest);
    // The metrics named by metric() calls the parse recorded become their nodes' parents.
    linkNodeMetrics(parsed);
    const parseLogs = held ?? [];
    held = undefined;
    const { manifest, graph, warnings } = linkManifestWithGraph(
      parsed,
      { restrictedPackages: new Set(loaded.packages.filter((p) => p.project?.restrictAccess === true).map((p) => p.name)) },
      report,
    );
    // manifest.json names the invocation that wrote it, and (as dbt 1.10 does) when it began.
    manifest.metadata.invocation_id = invocationId;
    manifest.metadata.invocation_started_at = isoUtc(startedMs);
    manifest.metadata.quoting = quotePolicy(loaded.project.quoting);
    // After linking, as dbt validates the semantic layer once refs resolve and config() has run.
    requireTimeSpine(manifest);
    // The warnings of linking (a data test's missing target) are printed before the checks dbt
    // makes once every node is linked, even when one of those stops the parse.
    report(warnings);
    // As dbt 1.10, once config() has run: a name with a space stops the parse unless the project's flags allow it.
    report([...checkResourceNameSpaces(manifest, loaded.project.flags), ...checkMicrobatchInputs(manifest, loaded.project.flags)]);
    report(loaded.diagnostics.filter((d) => AFTER_LINKING.has(d.code)));
    checkUniqueRelations(manifest, options.flags.STORE_FAILURES === true);
    return {
      loaded,
      manifest,
      graph,
      renderer,
      adapter,
      bridge,
      invocationId,
      flags: options.flags,
      startedAt,
      threads,
      logger,
      signal: options.signal,
      releaseParseLogs: () => {
        for (const [level, msg] of parseLogs.splice(0)) logTemplateLine(level, msg);
      },
      close: closeAdapter,
    };
  } catch (error) {
    await closeAdapter();
    throw error;
  }
}

/**
 * manifest.json's `quoting`: DuckDB's quote policy (every part quoted) with dbt_project.yml's
 * `quoting:` over it, as dbt's runtime config holds it; a policy has no column part.
 */
function quotePolicy(project: Record<string, unknown>): NonNullable<Manifest['metadata']['quoting']> {
  const part = (name: string): boolean => (typeof project[name] === 'boolean' ? (project[name] as boolean) : true);
  return { database: part('database'), schema: part('schema'), identifier: part('identifier'), column: null };
}
