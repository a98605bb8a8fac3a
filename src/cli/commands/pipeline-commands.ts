import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { OrchestrateContext } from '../../orchestrate/index.js';
import type { LogSink } from '../../run/logger.js';
import { parseVars, withProjectFlags } from '../global-options.js';
import { projectDirOf, type CliIo } from '../cli-context.js';
import { main } from '../main.js';
import { formatRuns } from './runs-format.js';
import type { ServeFlags } from './serve-command.js';
import { withServerFlag, withWarehouseOwner, type OwnerFlags } from './warehouse-owner.js';

// The orchestrate layer and the server are loaded by the commands that use them, so that every
// other command (run, build, compile...) starts without reading and compiling their modules.
const orchestrate = () => import('../../orchestrate/index.js');

/** Registers `pipeline run|ls|backfill`, `runs` and `serve`. */
export function registerOrchestrateCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const pipeline = program.command('pipeline').description('run and list the pipelines declared in pipelines.yml');

  withProjectFlags(pipeline.command('ls').description('list the pipelines, their steps and schedules'))
    .option('--output <format>', 'text (default) or json')
    .action(async (flags: OwnerFlags & { output?: string }) => setExit(await pipelineLs(flags, io)));

  withServerFlag(withProjectFlags(pipeline.command('run <name>').description('run a pipeline now')))
    .action(async (name: string, flags: OwnerFlags, command: Command) =>
      setExit(
        await withWarehouseOwner(flags, io, command, async () => {
          const { findPipeline, loadPipelines, runPipeline } = await orchestrate();
          const ctx = await contextFor(flags, io);
          const run = await runPipeline(ctx, findPipeline(loadPipelines(ctx.projectDir), name), { trigger: 'manual', vars: parseVars(flags.vars) });
          return run.status === 'success' ? 0 : 1;
        }),
      ),
    );

  withServerFlag(withProjectFlags(pipeline.command('backfill <name>').description('run a pipeline once per day, with the var run_date, resuming after a failure')))
    .requiredOption('--start <date>', 'first day (YYYY-MM-DD)')
    .requiredOption('--end <date>', 'last day (YYYY-MM-DD), included')
    .option('--event-time', 'also pass --event-time-start/--event-time-end for the day to build and run steps')
    .option('--fresh', 'run every day again, even days an earlier attempt finished')
    .action(async (name: string, flags: OwnerFlags & { start: string; end: string; eventTime?: boolean; fresh?: boolean }, command: Command) =>
      setExit(
        await withWarehouseOwner(flags, io, command, async () => {
          const { findPipeline, loadPipelines, runBackfill } = await orchestrate();
          const ctx = await contextFor(flags, io);
          const outcome = await runBackfill(ctx, findPipeline(loadPipelines(ctx.projectDir), name), {
            start: flags.start,
            end: flags.end,
            eventTime: flags.eventTime ?? false,
            fresh: flags.fresh ?? false,
          });
          for (const day of outcome.days) ctx.sink.out(`${day.day}  ${day.status}${day.runId ? `  ${day.runId}` : ''}`);
          return outcome.success ? 0 : 1;
        }),
      ),
    );

  withProjectFlags(program.command('runs').description('print the run history (pipeline runs and their steps)'))
    .option('--last <n>', 'how many runs to show (default 20)')
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option('--output <format>', 'text (default) or json')
    .action(async (flags: OwnerFlags & { last?: string; pipeline?: string; output?: string }) => {
      const sink = sinkOf(io);
      const last = flags.last === undefined ? 20 : Number(flags.last);
      if (!Number.isInteger(last) || last < 1) {
        sink.err(`--last must be a positive whole number, got '${flags.last}'`);
        setExit(2);
        return;
      }
      const { RunStore } = await orchestrate();
      const history = new RunStore(projectDirOf(flags, io)).read();
      const runs = history.runs.filter((r) => !flags.pipeline || r.pipeline === flags.pipeline).slice(0, last);
      if (flags.output === 'json') {
        const ids = new Set(runs.map((r) => r.id));
        sink.out(JSON.stringify({ runs, steps: history.steps.filter((s) => ids.has(s.runId)), nodes: history.nodes.filter((n) => ids.has(n.runId)) }, null, 2));
      } else {
        for (const line of formatRuns(runs, history.steps)) sink.out(line);
      }
      setExit(0);
    });

  withProjectFlags(program.command('serve').description('own the warehouse: run the scheduler and the API (and the web app) in one process'))
    .option('--port <n>', 'port to listen on (default 8580, 0 for any free port)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--no-scheduler', 'do not start scheduled or file-triggered pipelines')
    .option('--sql-explorer', 'let the web app run read-only SQL typed in the browser (off by default)')
    .action(async (flags: ServeFlags, command: Command) => {
      const { serveCommand } = await import('./serve-command.js');
      setExit(await serveCommand(flags, io, command));
    });
}

async function pipelineLs(flags: OwnerFlags & { output?: string }, io: CliIo): Promise<number> {
  const { loadPipelines, maskSecrets } = await orchestrate();
  const config = loadPipelines(projectDirOf(flags, io));
  // Step lines may hold values pipelines.yml took from the environment (env_var): never print them.
  const secrets = config.pipelines.flatMap((p) => p.secrets);
  const raw = sinkOf(io);
  const sink: LogSink = { out: (l) => raw.out(maskSecrets(l, secrets)), err: (l) => raw.err(maskSecrets(l, secrets)) };
  if (flags.output === 'json') {
    sink.out(JSON.stringify(config.pipelines.map((p) => ({ name: p.name, description: p.description ?? null, steps: p.steps, schedule: p.schedule ?? null,
      on_file_arrival: p.fileTrigger ?? null, health_check: p.healthCheck ? true : false })), null, 2));
    return 0;
  }
  if (config.pipelines.length === 0) {
    sink.out('No pipelines: declare them in pipelines.yml.');
    return 0;
  }
  for (const p of config.pipelines) {
    const when = [p.schedule ? `cron '${p.schedule.cron}'${p.schedule.timezone ? ` ${p.schedule.timezone}` : ''}` : '', p.fileTrigger ? `on files ${p.fileTrigger.glob}` : '']
      .filter(Boolean)
      .join(', ');
    sink.out(`${p.name}${when ? `  (${when})` : '  (manual)'}${p.description ? `  ${p.description}` : ''}`);
    for (const s of p.steps) {
      const what = s.kind === 'shell' ? `shell: ${s.shell}` : s.kind === 'ingest' ? `ingest ${s.sources.join(' ') || '(all sources)'}` : s.argv.join(' ');
      const extra = [s.dependsOn.length ? `after ${s.dependsOn.join(', ')}` : '', s.retries ? `${s.retries} retries` : '', s.timeoutMs ? `timeout ${s.timeoutMs / 1000}s` : '']
        .filter(Boolean)
        .join('; ');
      sink.out(`  - ${s.name}: ${what}${extra ? `  [${extra}]` : ''}`);
    }
  }
  return 0;
}

/** The context pipeline runs use: the server's when this process is serving the project, else one that opens the warehouse per step. */
async function contextFor(flags: OwnerFlags, io: CliIo): Promise<OrchestrateContext> {
  const { activeServe, openPerCall, RunStore } = await orchestrate();
  const projectDir = projectDirOf(flags, io);
  const sink = sinkOf(io);
  const serving = activeServe(projectDir);
  if (serving) return { ...serving.context, sink };
  const profilesDir = flags.profilesDir ? resolve(io.cwd ?? process.cwd(), flags.profilesDir) : undefined;
  return {
    projectDir,
    store: new RunStore(projectDir),
    runCommand: (argv, runIo) =>
      main(argv, { sink: runIo.sink, ...(runIo.cwd ? { cwd: runIo.cwd } : io.cwd ? { cwd: io.cwd } : {}), ...(runIo.signal ? { signal: runIo.signal } : {}) }),
    warehouse: openPerCall(projectDir, profilesDir, flags.target),
    sink,
    profilesDir,
    target: flags.target,
  };
}

function sinkOf(io: CliIo): LogSink {
  return io.sink ?? { out: (l) => void process.stdout.write(`${l}\n`), err: (l) => void process.stderr.write(`${l}\n`) };
}
