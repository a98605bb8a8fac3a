// Runs as the web app shows them. The orchestrator provides a history; without it, the last
// invocation in target/run_results.json is the only run there is.

/** One run in the history list. */
export interface RunSummary {
  id: string;
  pipeline: string | null;
  command: string | null;
  status: 'running' | 'success' | 'error' | 'cancelled' | string;
  trigger: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  elapsedSeconds: number | null;
  counts: Record<string, number>;
}

/** One node (or pipeline step) of a run, with its timing, for the Gantt view. */
export interface RunNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  status: string;
  thread: string | null;
  startedAt: string | null;
  completedAt: string | null;
  executionTime: number;
  message: string | null;
  failures: number | null;
  compiledCode: string | null;
}

/** A run with its nodes. */
export interface RunDetail extends RunSummary {
  nodes: RunNode[];
  error: string | null;
}

/** A pipeline the orchestrator can run. */
export interface PipelineInfo {
  name: string;
  description: string | null;
  /** The cron expression, or null for a pipeline without a schedule. */
  schedule: string | null;
  /** The schedule's IANA time zone (the server's own when pipelines.yml names none). */
  timezone: string | null;
  /** After a restart: `skip` missed ticks or `run_last`. */
  catchUp: string | null;
  /** The glob whose new files start a run, relative to the project. */
  fileTrigger: string | null;
  /** What starts it: "schedule", "file arrival", both, or "manual". */
  trigger: string;
  nextRunAt: string | null;
  /** True when a scheduler is running (under `reelhouse serve`), so the next run will happen. */
  schedulerActive: boolean;
  lastRun: RunSummary | null;
}

/** What the web app needs from an orchestrator; every method is optional so partial ones fit. */
export interface RunHistoryProvider {
  listRuns(limit: number): Promise<RunSummary[]>;
  getRun(id: string): Promise<RunDetail | undefined>;
  listPipelines?(): Promise<PipelineInfo[]>;
  /** Starts a pipeline now; resolves once it has started (not finished). */
  triggerPipeline?(name: string): Promise<{ runId: string }>;
}

type Json = Record<string, unknown>;

/** The one run that target/run_results.json describes, joined with the manifest for names. */
export function runFromResults(runResults: Json | undefined, manifest: Json | undefined): RunDetail | undefined {
  if (!runResults) return undefined;
  const meta = (runResults.metadata as Json | undefined) ?? {};
  const args = (runResults.args as Json | undefined) ?? {};
  const lookup = (id: string): Json | undefined =>
    ((manifest?.nodes as Record<string, Json> | undefined)?.[id] ?? (manifest?.unit_tests as Record<string, Json> | undefined)?.[id]) as Json | undefined;
  const nodes: RunNode[] = ((runResults.results as Json[] | undefined) ?? []).map((r) => {
    const id = String(r.unique_id);
    const timing = (r.timing as { name: string; started_at: string; completed_at: string }[] | undefined) ?? [];
    const node = lookup(id);
    return {
      uniqueId: id,
      name: String(node?.name ?? id.split('.').slice(2).join('.')),
      resourceType: String(node?.resource_type ?? id.split('.')[0]),
      status: String(r.status),
      thread: (r.thread_id as string | undefined) ?? null,
      startedAt: timing[0]?.started_at ?? null,
      completedAt: timing[timing.length - 1]?.completed_at ?? null,
      executionTime: Number(r.execution_time ?? 0),
      message: (r.message as string | null | undefined) ?? null,
      failures: (r.failures as number | null | undefined) ?? null,
      compiledCode: (r.compiled_code as string | null | undefined) ?? null,
    };
  });
  const counts: Record<string, number> = {};
  for (const n of nodes) counts[n.status] = (counts[n.status] ?? 0) + 1;
  // A partial success (a microbatch model with failed batches) fails the run, as its exit code does.
  const bad = nodes.some((n) => n.status === 'error' || n.status === 'fail' || n.status === 'runtime error' || n.status === 'partial success');
  const finishedAt = typeof meta.generated_at === 'string' ? meta.generated_at : null;
  const elapsed = typeof runResults.elapsed_time === 'number' ? runResults.elapsed_time : null;
  const starts = nodes.map((n) => n.startedAt).filter((s): s is string => s !== null).sort();
  const startedAt = starts[0] ?? (finishedAt && elapsed !== null ? new Date(Date.parse(finishedAt) - elapsed * 1000).toISOString() : null);
  return {
    id: String(meta.invocation_id ?? 'last'),
    pipeline: null,
    command: typeof args.which === 'string' ? args.which : null,
    status: bad ? 'error' : 'success',
    trigger: 'cli',
    startedAt,
    finishedAt,
    elapsedSeconds: elapsed,
    counts,
    nodes,
    error: null,
  };
}
