import { resolve } from 'node:path';
import { userError, type Diagnostic } from '../../core/diagnostic.js';
import { WorkerRpc } from '../../core/sync-bridge.js';
import { DuckDbAdapter } from './duckdb-adapter.js';
import { WorkerMethod, type DuckDbAttachment, type DuckDbOpenOptions, type DuckDbOpened, type DuckDbSecret } from './protocol.js';

/**
 * Files this process has open. DuckDB's file lock only stops other processes; two instances
 * on one file inside one process would both write to it, so that is refused here.
 */
const REGISTRY_KEY = Symbol.for('reelhouse.duckdb.openFiles');
const registry = globalThis as unknown as Record<symbol, Set<string> | undefined>;
const openFiles = (registry[REGISTRY_KEY] ??= new Set<string>());

const WORKER_URL = new URL('./worker.js', import.meta.url);
const SERVICE = /^(md:|motherduck:|[a-z][a-z0-9+.-]*:\/\/)/iu;

/**
 * Starts the thread a warehouse will run on, before it is known which file to open: loading
 * DuckDB's library there takes about a quarter of a second, which a command spends reading
 * its project meanwhile. Nothing is opened or created on disk until `openDuckDb` is given it.
 */
export function startDuckDbWorker(): Promise<WorkerRpc> {
  const started = WorkerRpc.start(WORKER_URL, { label: 'the DuckDB worker' });
  // Seen where it is awaited (or never, if the command stops before connecting).
  started.catch(() => undefined);
  return started;
}

/** Stops a worker from `startDuckDbWorker` that no warehouse was opened on. */
export async function discardDuckDbWorker(worker: Promise<WorkerRpc>): Promise<void> {
  await worker.then((rpc) => rpc.close()).catch(() => undefined);
}

/** Opens (or creates) a DuckDB warehouse in its own worker thread (`worker`, when one was started ahead). */
export async function openDuckDb(options: DuckDbOpenOptions, worker?: Promise<WorkerRpc>): Promise<DuckDbAdapter> {
  const inMemory = options.path === ':memory:' || options.path === '';
  // A MotherDuck database (md:name) or a URL (s3://...) is not a local file: DuckDB opens it
  // through its extension for that service.
  const service = SERVICE.test(options.path);
  const path = inMemory ? ':memory:' : service ? options.path : resolve(options.path);
  const claim = !inMemory && !service && !options.readOnly;
  if (claim && openFiles.has(path)) {
    if (worker) await discardDuckDbWorker(worker);
    throw userError(
      'warehouse-locked',
      `The warehouse ${path} is already open in this process.`,
      undefined,
      'Share the open adapter instead of opening the file twice.',
    );
  }
  if (claim) openFiles.add(path);
  const release = (): void => {
    if (claim) openFiles.delete(path);
  };
  let rpc: WorkerRpc;
  try {
    rpc = await (worker ?? WorkerRpc.start(WORKER_URL, { label: 'the DuckDB worker' }));
  } catch (error) {
    release();
    throw error;
  }
  let opened: DuckDbOpened;
  try {
    opened = await rpc.call<DuckDbOpened>(WorkerMethod.open, { ...options, path });
  } catch (error) {
    release();
    await rpc.close();
    throw error;
  }
  return new DuckDbAdapter(rpc, opened.defaultDatabase, path, opened.version, release, opened.unavailableExtensions, options.disableTransactions === true);
}

/** One warning per profile extension the warehouse opened without (and per extension whose settings were left out): what fails, and how to get it. */
export function unavailableExtensionWarnings(adapter: DuckDbAdapter): Diagnostic[] {
  const settingsOf = new Map<string, string[]>();
  for (const { name, setting } of adapter.unavailableExtensions) if (setting) settingsOf.set(name, [...(settingsOf.get(name) ?? []), setting]);
  const hint = (name: string, remove: string) =>
    `Reelhouse never downloads extensions: install ${name} beforehand (INSTALL ${name} with a DuckDB of the same version), or remove ${remove} if the project does not use it.`;
  const bySetting: Diagnostic[] = [...settingsOf].map(([name, keys]) => ({
    code: 'extension-unavailable',
    severity: 'warning',
    message: `The profile's ${keys.length === 1 ? 'setting' : 'settings'} ${keys.join(', ')} ${keys.length === 1 ? 'belongs' : 'belong'} to the DuckDB extension "${name}", which is not available, so ${keys.length === 1 ? 'it was' : 'they were'} not set; the project runs without ${keys.length === 1 ? 'it' : 'them'}, and a query that needs ${keys.length === 1 ? 'it' : 'them'} fails.`,
    hint: hint(name, `${keys.length === 1 ? 'it' : 'them'} from settings:`),
  }));
  const listed: Diagnostic[] = adapter.unavailableExtensions.filter((e) => !e.setting).map(({ name, reason }) => ({
    code: 'extension-unavailable',
    severity: 'warning',
    message: `The DuckDB extension "${name}" listed in the profile's extensions: is not available (${reason}); the project runs without it, and a query that needs it fails.`,
    hint: hint(name, 'it from extensions:'),
  }));
  return [...listed, ...bySetting];
}

/** The parts of a profile's DuckDB target that say how to open it (the project's TargetConfig fits). */
export interface DuckDbTargetOptions {
  path: string;
  settings?: Record<string, string | number | boolean>;
  extensions?: string[];
  attach?: DuckDbAttachment[];
  secrets?: DuckDbSecret[];
  configOptions?: Record<string, string | number | boolean>;
  /** dbt-duckdb's `retries:` mapping as the profile wrote it (checked when the profile loaded). */
  retries?: unknown;
  /** dbt-duckdb's `disable_transactions:` as the profile wrote it (checked when the profile loaded). */
  disable_transactions?: unknown;
}

/** The open options a profile target asks for: settings, extensions, secrets, attachments, config_options. */
export function targetOpenOptions(target: DuckDbTargetOptions): DuckDbOpenOptions {
  const options: DuckDbOpenOptions = { path: target.path };
  if (target.settings) options.settings = target.settings;
  if (target.extensions) {
    options.extensions = target.extensions;
    options.extensionsOptional = true;
  }
  if (target.attach) options.attach = target.attach;
  // Read by name: a project target keeps its secrets out of enumeration (and so out of spreads).
  if (target.secrets && target.secrets.length > 0) options.secrets = target.secrets;
  if (target.configOptions && Object.keys(target.configOptions).length > 0) options.config = target.configOptions;
  if (target.disable_transactions === true) options.disableTransactions = true;
  const retries = target.retries;
  if (retries && typeof retries === 'object' && !Array.isArray(retries)) {
    const { connect_attempts: connects, query_attempts: queries, retryable_exceptions: names } = retries as Record<string, unknown>;
    // dbt-duckdb's default: only IOException (a file another process holds, a read that failed) is worth waiting for.
    const retryable = Array.isArray(names) ? names.map(String) : ['IOException'];
    if (typeof connects === 'number' && connects > 1) options.connectRetries = { attempts: connects, retryable };
    if (typeof queries === 'number' && queries > 1) options.queryRetries = { attempts: queries, retryable };
  }
  return options;
}
