import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseYaml } from 'yaml';
import { cancellableAdapter } from '../adapters/cancellable-adapter.js';
import type { LogSink } from '../run/logger.js';
import type { OrchestrateContext } from './orchestrate-context.js';
import type { PipelineStep } from './pipeline-config.js';
import type { NodeResultRecord, StepRunRecord } from './run-store.js';

/** What a step's run knows about the pipeline run around it. */
export interface StepEnvironment {
  runId: string;
  pipeline: string;
  vars: Record<string, unknown>;
  runDate: string | null;
  /** Add dbt's `--event-time-start/--event-time-end` for the run date to build and run steps. */
  eventTime: boolean;
  sink: LogSink;
}

/** One attempt's outcome. */
interface AttemptOutcome {
  status: 'success' | 'failed' | 'timeout';
  exitCode: number | null;
  error: string | null;
  nodes: Omit<NodeResultRecord, 'runId' | 'step'>[];
}

const NODE_COMMANDS = new Set(['build', 'run', 'test', 'seed', 'snapshot']);
const MAX_RETRY_DELAY_MS = 3_600_000;

/** Runs a step with its retries (exponential backoff) and timeout, recording every attempt. Returns true on success. */
export async function runStepWithRetries(ctx: OrchestrateContext, step: PipelineStep, env: StepEnvironment): Promise<boolean> {
  for (let attempt = 1; attempt <= step.retries + 1; attempt++) {
    const startedAt = new Date();
    env.sink.out(`[${env.pipeline}] step ${step.name}${attempt > 1 ? ` (attempt ${attempt} of ${step.retries + 1})` : ''}: starting`);
    let outcome: AttemptOutcome;
    try {
      outcome = await runAttempt(ctx, step, env, startedAt);
    } catch (error) {
      outcome = { status: 'failed', exitCode: null, error: error instanceof Error ? error.message : String(error), nodes: [] };
    }
    const record: StepRunRecord = {
      kind: 'step',
      runId: env.runId,
      step: step.name,
      attempt,
      status: outcome.status,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      exitCode: outcome.exitCode,
      error: outcome.error,
    };
    ctx.store.append(record, ...outcome.nodes.map((n): NodeResultRecord => ({ ...n, runId: env.runId, step: step.name })));
    const line = `[${env.pipeline}] step ${step.name}: ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}`;
    if (outcome.status === 'success') {
      env.sink.out(line);
      return true;
    }
    env.sink.err(line);
    if (attempt <= step.retries) {
      const delay = Math.min(step.retryDelayMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
      env.sink.out(`[${env.pipeline}] step ${step.name}: retrying in ${formatMs(delay)}`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  return false;
}

async function runAttempt(ctx: OrchestrateContext, step: PipelineStep, env: StepEnvironment, startedAt: Date): Promise<AttemptOutcome> {
  if (step.kind === 'shell') return runShell(ctx, step, env);
  const exclusive = ctx.exclusive ?? (<T>(work: () => Promise<T>) => work());
  const cancel = new AbortController();
  const work = step.kind === 'ingest' ? () => runIngestStep(ctx, step, env, cancel.signal) : () => runCommandStep(ctx, step, env, startedAt, cancel.signal);
  const running = exclusive(work);
  if (step.timeoutMs === undefined) return running;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), step.timeoutMs);
  });
  const first = await Promise.race([running, timedOut]);
  clearTimeout(timer);
  if (first !== 'timeout') return first;
  // The command runs in this process: cancelling interrupts its running statement (the
  // warehouse rolls the statement's transaction back, so a relation being rebuilt keeps its
  // previous version) and stops it from starting anything else. The pipeline waits for it to
  // return before the next attempt or step touches the warehouse.
  const limit = formatMs(step.timeoutMs);
  cancel.abort(new Error(`the step ${step.name} timed out after ${limit}`));
  env.sink.err(`[${env.pipeline}] step ${step.name}: timed out after ${limit}; stopping it`);
  const stoppedAt = Date.now();
  const settled = await running.catch(() => undefined);
  const nodes = settled?.nodes ?? [];
  return {
    status: 'timeout',
    exitCode: settled?.exitCode ?? null,
    error: `timed out after ${limit}; stopped ${formatMs(Date.now() - stoppedAt)} later`,
    nodes,
  };
}

async function runCommandStep(ctx: OrchestrateContext, step: PipelineStep, env: StepEnvironment, startedAt: Date, signal: AbortSignal): Promise<AttemptOutcome> {
  const argv = commandArgv(ctx, step, env);
  env.sink.out(`[${env.pipeline}] $ reelhouse ${argv.map(shellQuote).join(' ')}`);
  const exitCode = await ctx.runCommand(argv, { sink: env.sink, signal });
  const nodes = NODE_COMMANDS.has(argv[0] ?? '') ? readNodeResults(ctx.projectDir, startedAt) : [];
  return { status: exitCode === 0 ? 'success' : 'failed', exitCode, error: exitCode === 0 ? null : `exit code ${exitCode}`, nodes };
}

/** The argv a command step runs with: the project folder, profile options, and the run's vars merged into --vars. */
export function commandArgv(ctx: Pick<OrchestrateContext, 'projectDir' | 'profilesDir' | 'target'>, step: PipelineStep, env: Pick<StepEnvironment, 'vars' | 'runDate' | 'eventTime'>): string[] {
  const argv = [...step.argv];
  const has = (flag: string): boolean => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  if (!has('--project-dir')) argv.push('--project-dir', ctx.projectDir);
  if (ctx.profilesDir && !has('--profiles-dir')) argv.push('--profiles-dir', ctx.profilesDir);
  if (ctx.target && !has('--target') && !has('-t')) argv.push('--target', ctx.target);
  if (Object.keys(env.vars).length > 0) {
    const i = argv.findIndex((a) => a === '--vars' || a.startsWith('--vars='));
    let own: Record<string, unknown> = {};
    if (i >= 0) {
      const text = argv[i] === '--vars' ? argv[i + 1] ?? '' : argv[i]!.slice('--vars='.length);
      const parsed = parseYaml(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) own = parsed as Record<string, unknown>;
      argv.splice(i, argv[i] === '--vars' ? 2 : 1);
    }
    argv.push('--vars', JSON.stringify({ ...own, ...env.vars }));
  }
  if (env.eventTime && env.runDate && (argv[0] === 'build' || argv[0] === 'run') && !has('--event-time-start')) {
    const end = new Date(Date.parse(`${env.runDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    argv.push('--event-time-start', env.runDate, '--event-time-end', end);
  }
  return argv;
}

async function runIngestStep(ctx: OrchestrateContext, step: PipelineStep, env: StepEnvironment, signal: AbortSignal): Promise<AttemptOutcome> {
  // Loaded on demand: ingestion brings database clients that only ingest steps need.
  const [{ loadIngestConfig }, { runIngest }] = await Promise.all([
    import('../ingest/config/load-ingest-config.js'),
    import('../ingest/run-ingest.js'),
  ]);
  const config = loadIngestConfig(ctx.projectDir, process.env);
  const summaries = await ctx.warehouse.withAdapter((adapter) =>
    runIngest(config, cancellableAdapter(adapter, signal), step.sources, { log: (line: string) => env.sink.out(line) }),
  );
  const failed = summaries.filter((s) => s.status === 'error');
  for (const s of summaries) {
    env.sink.out(`[${env.pipeline}] ingest ${s.name}: ${s.status}, ${s.rowsLoaded} rows into ${s.tables.join(', ') || '(no tables)'}`);
  }
  const nodes = summaries.map((s) => ({
    kind: 'node' as const,
    uniqueId: `ingest.${s.name}`,
    status: s.status,
    startedAt: null,
    completedAt: null,
    executionTime: s.elapsedMs / 1000,
    rowsAffected: s.rowsLoaded,
    bytesWritten: null,
    message: s.error?.message ?? null,
    sqlSha256: null,
  }));
  return {
    status: failed.length ? 'failed' : 'success',
    exitCode: failed.length ? 1 : 0,
    error: failed.length ? failed.map((s) => `${s.name}: ${s.error?.message ?? 'failed'}`).join('; ') : null,
    nodes,
  };
}

function runShell(ctx: OrchestrateContext, step: PipelineStep, env: StepEnvironment): Promise<AttemptOutcome> {
  env.sink.out(`[${env.pipeline}] $ ${step.shell}`);
  return new Promise((resolvePromise) => {
    const child = spawn('/bin/sh', ['-c', step.shell], {
      cwd: ctx.projectDir,
      // Its own process group, so a timeout stops the whole command tree.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        REELHOUSE_PROJECT_DIR: ctx.projectDir,
        REELHOUSE_PIPELINE: env.pipeline,
        REELHOUSE_RUN_ID: env.runId,
        REELHOUSE_VARS: JSON.stringify(env.vars),
        ...(env.runDate ? { REELHOUSE_RUN_DATE: env.runDate } : {}),
      },
    });
    createInterface({ input: child.stdout! }).on('line', (l) => env.sink.out(l));
    createInterface({ input: child.stderr! }).on('line', (l) => env.sink.err(l));
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let killer: NodeJS.Timeout | undefined;
    const signal = (sig: NodeJS.Signals): void => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // Already gone.
      }
    };
    if (step.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        signal('SIGTERM');
        killer = setTimeout(() => signal('SIGKILL'), 5_000);
      }, step.timeoutMs);
    }
    child.on('error', (error) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolvePromise({ status: 'failed', exitCode: null, error: error.message, nodes: [] });
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      clearTimeout(killer);
      if (timedOut) resolvePromise({ status: 'timeout', exitCode: code, error: `timed out after ${formatMs(step.timeoutMs!)}`, nodes: [] });
      else if (code === 0) resolvePromise({ status: 'success', exitCode: 0, error: null, nodes: [] });
      else resolvePromise({ status: 'failed', exitCode: code, error: sig ? `killed by ${sig}` : `exit code ${code}`, nodes: [] });
    });
  });
}

/** Node results of the command that just ran, from its run_results.json (ignored if older than the step). */
export function readNodeResults(projectDir: string, since: Date): AttemptOutcome['nodes'] {
  const file = join(projectDir, targetPathOf(projectDir), 'run_results.json');
  if (!existsSync(file)) return [];
  let doc: { metadata?: { generated_at?: string }; results?: RunResultEntry[] };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const generated = Date.parse(doc.metadata?.generated_at ?? '');
  if (!(generated >= since.getTime() - 1000)) return [];
  return (doc.results ?? []).map((r) => {
    const timing = r.timing ?? [];
    const rows = Number(r.adapter_response?.rows_affected);
    const bytes = Number(r.adapter_response?.bytes_written ?? r.adapter_response?.bytes_processed);
    return {
      kind: 'node' as const,
      uniqueId: r.unique_id,
      status: r.status,
      startedAt: timing[0]?.started_at ?? null,
      completedAt: timing[timing.length - 1]?.completed_at ?? null,
      executionTime: r.execution_time ?? 0,
      rowsAffected: Number.isFinite(rows) && rows >= 0 ? rows : null,
      bytesWritten: Number.isFinite(bytes) && bytes >= 0 ? bytes : null,
      message: r.message ?? null,
      sqlSha256: r.compiled_code ? createHash('sha256').update(r.compiled_code).digest('hex') : null,
    };
  });
}

interface RunResultEntry {
  unique_id: string;
  status: string;
  message?: string | null;
  execution_time?: number;
  timing?: { started_at: string; completed_at: string }[];
  adapter_response?: Record<string, unknown>;
  compiled_code?: string | null;
}

function targetPathOf(projectDir: string): string {
  try {
    const project = parseYaml(readFileSync(join(projectDir, 'dbt_project.yml'), 'utf8')) as Record<string, unknown>;
    return typeof project['target-path'] === 'string' ? project['target-path'] : 'target';
  } catch {
    return 'target';
  }
}

/** `1.5s`, `2m 5s` */
export function formatMs(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}m ${s}s` : `${m}m`;
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=+,@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
