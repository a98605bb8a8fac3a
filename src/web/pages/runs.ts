// Runs: pipelines with a run button, live progress of a build, run history, one run's Gantt timeline.
import { buildEvents, clearCache, getJson, postJson } from '../api.js';
import { badge, emptyState, errorState, h, loading, replace } from '../dom.js';
import { formatDuration, formatTime, timeAgo, timeUntil } from '../format.js';
import type { Route } from '../router.js';
import { nodeLink } from './docs.js';
import { freshnessTable, type FreshnessReport } from './freshness.js';

interface RunSummary {
  id: string;
  pipeline: string | null;
  command: string | null;
  status: string;
  trigger: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  elapsedSeconds: number | null;
  counts: Record<string, number>;
}
interface RunNode {
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
interface RunDetail extends RunSummary {
  nodes: RunNode[];
  error: string | null;
}
interface PipelineInfo {
  name: string;
  description: string | null;
  schedule: string | null;
  timezone: string | null;
  catchUp: string | null;
  fileTrigger: string | null;
  trigger: string;
  nextRunAt: string | null;
  schedulerActive: boolean;
  lastRun: RunSummary | null;
}
interface Health {
  features: { orchestrator: boolean; runPipelines: boolean; liveEvents: boolean };
}

const BAD = new Set(['error', 'fail', 'runtime error', 'failed', 'partial success']);
/** dbt's events that end a node in the build stream: its result line (by resource type) or its SKIP line. */
const RESULT_EVENTS = new Set(['LogModelResult', 'LogTestResult', 'LogSeedResult', 'LogSnapshotResult', 'SkippingDetails', 'LogSkipBecauseError']);

/** `#/runs`: pipelines, live progress and history. */
export async function runsPage(root: HTMLElement, _route: Route, health: Health): Promise<() => void> {
  replace(root, loading());
  const [runs, pipelines, freshness] = await Promise.all([
    getJson<{ source: string; runs: RunSummary[] }>('/runs'),
    getJson<{ pipelines: PipelineInfo[] }>('/pipelines').catch(() => ({ pipelines: [] as PipelineInfo[] })),
    getJson<FreshnessReport>('/freshness').catch(() => ({ generatedAt: null, sources: [] }) as FreshnessReport),
  ]);
  const live = h('section', { class: 'card live', hidden: true, 'aria-live': 'polite' });
  const history = h('section', { class: 'card' }, h('h2', null, 'Run history'), runsTable(runs.runs));
  let source: EventSource | undefined;
  if (health.features.liveEvents) source = followBuild(live, async () => {
    clearCache();
    const fresh = await getJson<{ runs: RunSummary[] }>('/runs');
    replace(history, h('h2', null, 'Run history'), runsTable(fresh.runs));
  });
  replace(
    root,
    h(
      'header',
      { class: 'page-head' },
      h('h1', null, 'Runs'),
      h('p', { class: 'lead' }, runs.source === 'orchestrator' ? 'Pipeline runs recorded by the scheduler, the pipelines\' schedules and source freshness.' : 'The last invocation, from target/run_results.json, the pipelines\' schedules and source freshness. Start `reelhouse serve` for a full history and scheduled runs.'),
    ),
    pipelines.pipelines.length ? h('section', { class: 'card', 'data-section': 'pipelines' }, h('h2', null, 'Pipelines and schedules'), pipelineTable(pipelines.pipelines, health.features.runPipelines)) : null,
    live,
    h('section', { class: 'card', 'data-section': 'freshness' }, h('h2', null, 'Source freshness'), freshnessTable(freshness)),
    history,
  );
  return () => source?.close();
}

function pipelineTable(pipelines: PipelineInfo[], canRun: boolean): HTMLElement {
  return h(
    'table',
    { class: 'data-table' },
    h('thead', null, h('tr', null, h('th', null, 'Pipeline'), h('th', null, 'Trigger'), h('th', null, 'Schedule'), h('th', null, 'Next run'), h('th', null, 'Last run'), h('th', null, ''))),
    h(
      'tbody',
      null,
      pipelines.map((p) => {
        const button = h('button', { type: 'button', class: 'button primary small', disabled: !canRun, 'data-run-pipeline': p.name }, 'Run now');
        button.addEventListener('click', () => {
          button.disabled = true;
          button.textContent = 'Starting…';
          postJson<{ runId: string }>(`/pipelines/${encodeURIComponent(p.name)}/run`, {})
            .then((r) => {
              button.textContent = 'Started';
              button.title = r.runId;
            })
            .catch((e: Error) => {
              button.textContent = 'Failed';
              button.title = e.message;
            })
            .finally(() => setTimeout(() => {
              button.disabled = false;
              button.textContent = 'Run now';
            }, 3000));
        });
        return h(
          'tr',
          { 'data-pipeline': p.name },
          h('td', null, h('strong', null, p.name), p.description ? h('div', { class: 'muted small' }, p.description) : null),
          h('td', { class: 'trigger' }, p.trigger, p.fileTrigger ? h('div', { class: 'muted small' }, h('code', null, p.fileTrigger)) : null),
          h(
            'td',
            { class: 'schedule' },
            p.schedule ? h('code', { class: 'cron' }, p.schedule) : h('span', { class: 'muted' }, '–'),
            p.timezone ? h('div', { class: 'muted small timezone' }, p.timezone, p.catchUp ? ` · catch-up: ${p.catchUp}` : '') : null,
          ),
          h(
            'td',
            { class: 'next-run', 'data-next': p.nextRunAt ?? '' },
            p.nextRunAt ? [formatTime(p.nextRunAt), h('div', { class: 'muted small' }, p.schedulerActive ? timeUntil(p.nextRunAt) : `${timeUntil(p.nextRunAt)}, once \`reelhouse serve\` runs`)] : '–',
          ),
          h('td', null, p.lastRun ? h('a', { href: `#/runs/${encodeURIComponent(p.lastRun.id)}` }, badge(p.lastRun.status), ' ', timeAgo(p.lastRun.startedAt)) : '–'),
          h('td', { class: 'num' }, canRun ? button : null),
        );
      }),
    ),
  );
}

function runsTable(runs: RunSummary[]): HTMLElement {
  if (runs.length === 0) return emptyState('No runs yet', 'Run `reelhouse build` or start a pipeline.', '▷');
  return h(
    'table',
    { class: 'data-table' },
    h('thead', null, h('tr', null, h('th', null, 'Status'), h('th', null, 'Run'), h('th', null, 'Started'), h('th', { class: 'num' }, 'Duration'), h('th', null, 'Nodes'))),
    h(
      'tbody',
      null,
      runs.map((r) =>
        h(
          'tr',
          { 'data-run': r.id },
          h('td', null, badge(r.status)),
          h('td', null, h('a', { href: `#/runs/${encodeURIComponent(r.id)}` }, r.pipeline ?? r.command ?? 'run'), h('div', { class: 'muted small' }, `${r.trigger ?? ''} · ${r.id.slice(0, 8)}`)),
          h('td', null, formatTime(r.startedAt), h('div', { class: 'muted small' }, timeAgo(r.startedAt))),
          h('td', { class: 'num' }, r.elapsedSeconds === null ? (r.status === 'running' ? '…' : '–') : formatDuration(r.elapsedSeconds)),
          h('td', null, Object.entries(r.counts).map(([k, v]) => h('span', { class: 'count-pill' }, badge(`${v} ${k}`, k)))),
        ),
      ),
    ),
  );
}

/** Shows nodes of a running build as their events arrive over SSE. */
function followBuild(panel: HTMLElement, onDone: () => Promise<void>): EventSource {
  const rows = new Map<string, HTMLElement>();
  const list = h('div', { class: 'live-list' });
  const title = h('h2', null, 'Build in progress');
  const progress = h('progress', { max: 1, value: 0 });
  const es = buildEvents();
  let total = 0;
  let done = 0;
  es.addEventListener('build', (msg) => {
    const event = JSON.parse((msg as MessageEvent<string>).data) as { name: string; msg: string; data: Record<string, unknown> };
    const info = (event.data.node_info ?? {}) as Record<string, unknown>;
    const id = typeof info.unique_id === 'string' ? info.unique_id : undefined;
    if (event.name === 'FoundStats' || event.name === 'RunStarted') {
      rows.clear();
      replace(list);
      done = 0;
      total = 0;
    }
    if (panel.hidden) {
      panel.hidden = false;
      replace(panel, title, progress, list);
    }
    const m = /(\d+) of (\d+)/.exec(event.msg);
    if (m) total = Number(m[2]);
    if (event.name === 'LogStartLine' && id) {
      const row = h('div', { class: 'live-row', 'data-node': id }, badge('running'), ' ', String(info.node_name ?? id));
      rows.set(id, row);
      list.prepend(row);
    } else if (RESULT_EVENTS.has(event.name) && id) {
      done++;
      const status = String(info.node_status ?? event.data.status ?? 'done');
      const row = rows.get(id) ?? h('div', { class: 'live-row', 'data-node': id });
      replace(row, badge(status), ' ', String(info.node_name ?? id), typeof event.data.execution_time === 'number' ? h('span', { class: 'muted small' }, ` ${formatDuration(event.data.execution_time)}`) : null);
      if (!rows.has(id)) list.prepend(row);
    } else if (event.name === 'EndOfRunSummary' || event.name === 'CommandCompleted' || event.name === 'RunFinished') {
      title.textContent = 'Last build';
      void onDone();
    }
    if (total > 0) {
      progress.max = total;
      progress.value = done;
    }
  });
  return es;
}

/** `#/runs/:id`: one run's summary, Gantt timeline and failures. */
export async function runPage(root: HTMLElement, route: Route): Promise<void> {
  replace(root, loading());
  const id = route.params[0] ?? '';
  const run = await getJson<RunDetail>(`/runs/${encodeURIComponent(id)}`);
  const failures = run.nodes.filter((n) => BAD.has(n.status));
  replace(
    root,
    h(
      'header',
      { class: 'page-head' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Runs'), ' / '),
      h('h1', null, run.pipeline ?? run.command ?? 'Run', ' ', badge(run.status)),
      h('div', { class: 'page-meta' }, h('span', null, formatTime(run.startedAt)), h('span', null, run.elapsedSeconds === null ? '' : formatDuration(run.elapsedSeconds)), h('code', { class: 'muted' }, run.id)),
    ),
    run.error ? errorState('The run failed', run.error) : null,
    h('div', { class: 'stat-row' }, Object.entries(run.counts).map(([k, v]) => h('div', { class: 'stat' }, h('div', { class: 'stat-value' }, String(v)), h('div', { class: 'stat-label' }, k)))),
    failures.length
      ? h(
          'section',
          { class: 'card' },
          h('h2', null, `Failures (${failures.length})`),
          failures.map((n) =>
            h(
              'div',
              { class: 'failure', 'data-failure': n.uniqueId },
              h('div', null, badge(n.status), ' ', nodeLink(n.uniqueId, n.name), h('span', { class: 'muted small' }, ` ${n.resourceType}`)),
              n.message ? h('pre', { class: 'code error-text' }, n.message) : null,
              n.compiledCode ? h('details', null, h('summary', null, 'Compiled SQL'), h('pre', { class: 'code' }, n.compiledCode)) : null,
            ),
          ),
        )
      : null,
    h('section', { class: 'card' }, h('h2', null, 'Timeline'), gantt(run.nodes)),
  );
}

/** One bar per node on a shared time axis, coloured by status. */
function gantt(nodes: RunNode[]): HTMLElement {
  const timed = nodes.filter((n) => n.startedAt && n.completedAt).sort((a, b) => a.startedAt!.localeCompare(b.startedAt!));
  if (timed.length === 0) return emptyState('No timings recorded');
  const t0 = Math.min(...timed.map((n) => Date.parse(n.startedAt!)));
  const t1 = Math.max(...timed.map((n) => Date.parse(n.completedAt!)));
  const span = Math.max(1, t1 - t0);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return h(
    'div',
    { class: 'gantt', role: 'table', 'aria-label': 'Node timeline' },
    h('div', { class: 'gantt-axis' }, h('span', { class: 'gantt-label' }), h('div', { class: 'gantt-track' }, ticks.map((t) => h('span', { class: 'gantt-tick', style: { left: `${t * 100}%` } }, formatDuration((t * span) / 1000))))),
    timed.map((n) => {
      const left = ((Date.parse(n.startedAt!) - t0) / span) * 100;
      const width = Math.max(0.4, ((Date.parse(n.completedAt!) - Date.parse(n.startedAt!)) / span) * 100);
      return h(
        'div',
        { class: 'gantt-row', role: 'row', 'data-node': n.uniqueId },
        h('span', { class: 'gantt-label', title: n.uniqueId }, h('a', { href: `#/docs/${encodeURIComponent(n.uniqueId)}` }, n.name)),
        h('div', { class: 'gantt-track' }, h('div', { class: `gantt-bar status-${n.status.replace(/\s/g, '_')}`, style: { left: `${left}%`, width: `${width}%` }, title: `${n.name}: ${n.status}, ${formatDuration(n.executionTime)}${n.thread ? ` on ${n.thread}` : ''}` })),
      );
    }),
  );
}
