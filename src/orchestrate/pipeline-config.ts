import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Cron } from 'croner';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { userError, type SourceLocation } from '../core/diagnostic.js';
import { yamlSyntaxError } from '../core/yaml-syntax-error.js';
import { mergeEnv, readEnvFile } from '../ingest/config/env-file.js';
import { redactUrl, substituteEnvVars, type EnvLookup } from './env-values.js';
import { parseDuration, splitCommandLine } from './text-values.js';

/** What a step does: a Reelhouse command line, an ingestion of named sources, or a shell command. */
export type StepKind = 'command' | 'ingest' | 'shell';

/** One step of a pipeline, normalised from pipelines.yml. */
export interface PipelineStep {
  name: string;
  kind: StepKind;
  /** `command`: the Reelhouse arguments (`['build', '--select', 'tag:daily']`). */
  argv: string[];
  /** `ingest`: the source names (empty: every source in ingest.yml). */
  sources: string[];
  /** `shell`: the command line given to /bin/sh -c. */
  shell: string;
  /** Extra attempts after a failure. */
  retries: number;
  /** Wait before the first retry; doubled for every further one. */
  retryDelayMs: number;
  timeoutMs: number | undefined;
  dependsOn: string[];
  line: number | undefined;
}

/** When a pipeline runs by itself on a clock. */
export interface PipelineSchedule {
  cron: string;
  timezone: string | undefined;
  /** After a restart: `skip` missed ticks, or `run_last` runs once if a tick was missed. */
  catchUp: 'skip' | 'run_last';
}

/** Runs a pipeline when new files land in a folder. */
export interface FileTrigger {
  /** Absolute glob (`<project>/data/incoming/*.csv`). */
  glob: string;
  /** Quiet time after the last change before the run starts. */
  debounceMs: number;
  pollMs: number;
}

/** A pipeline as pipelines.yml declares it. */
export interface PipelineDefinition {
  name: string;
  description: string | undefined;
  steps: PipelineStep[];
  /** True when no step uses depends_on: steps run in file order and a failure stops the rest. */
  ordered: boolean;
  schedule: PipelineSchedule | undefined;
  fileTrigger: FileTrigger | undefined;
  healthCheck: { url: string; timeoutMs: number } | undefined;
  /** Variables passed to every command step (`--vars`) and shell step (REELHOUSE_VARS). */
  vars: Record<string, unknown>;
  /** Values pipelines.yml took from the environment with env_var: masked in the output a run prints. */
  secrets: string[];
  location: SourceLocation;
}

/** Every pipeline of a project. */
export interface PipelinesConfig {
  file: string | undefined;
  pipelines: PipelineDefinition[];
}

/** File names a project may declare its pipelines in. */
export const PIPELINE_FILE_NAMES = ['pipelines.yml', 'pipelines.yaml'];

/**
 * Reads the project's pipelines.yml (no file: no pipelines). `env_var` calls in it see `env`
 * (default: the process environment) over the project's `.env` file, as ingest.yml does.
 */
export function loadPipelines(projectDir: string, env: EnvLookup = process.env): PipelinesConfig {
  for (const name of PIPELINE_FILE_NAMES) {
    const file = join(projectDir, name);
    if (existsSync(file)) return parsePipelines(readFileSync(file, 'utf8'), file, projectDir, mergeEnv(readEnvFile(join(projectDir, '.env')), env));
  }
  return { file: undefined, pipelines: [] };
}

/** Finds a pipeline by name or says which ones exist. */
export function findPipeline(config: PipelinesConfig, name: string): PipelineDefinition {
  const found = config.pipelines.find((p) => p.name === name);
  if (found) return found;
  const known = config.pipelines.map((p) => p.name);
  throw userError('pipeline-not-found', `There is no pipeline named '${name}'.`, config.file ? { file: config.file } : undefined,
    known.length ? `Pipelines in this project: ${known.join(', ')}.` : 'Declare pipelines in pipelines.yml (see docs/pipelines.md).');
}

const STEP_KEYS = new Set(['name', 'command', 'ingest', 'shell', 'retries', 'retry_delay', 'timeout', 'depends_on']);
const PIPELINE_KEYS = new Set(['name', 'description', 'steps', 'schedule', 'on_file_arrival', 'health_check', 'retries', 'retry_delay', 'timeout', 'vars']);

/** Parses pipelines.yml text; every mistake is a ReelhouseError pointing at its line. */
export function parsePipelines(text: string, file: string, projectDir: string, env: EnvLookup = process.env): PipelinesConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors[0]) throw yamlSyntaxError(doc.errors[0], text, file, 'pipeline-invalid', 'pipelines.yml is not valid YAML');
  const at = (node: unknown): SourceLocation => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? { file, line: lines.linePos(range[0]).line, column: lines.linePos(range[0]).col } : { file };
  };
  const secrets = substituteEnvVars(doc, env, at);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, pipelines: [] };
  if (!isMap(root)) throw userError('pipeline-invalid', 'pipelines.yml must be a mapping with a `pipelines:` key', at(root));
  const list = root.get('pipelines', true) as unknown;
  const entries: { name: string; node: YamlNode }[] = [];
  if (isMap(list)) {
    for (const pair of list.items) entries.push({ name: String((pair.key as { value?: unknown })?.value ?? pair.key), node: pair.value as YamlNode });
  } else if (isSeq(list)) {
    for (const item of list.items) {
      const name = isMap(item) ? item.get('name') : undefined;
      if (typeof name !== 'string') throw userError('pipeline-invalid', 'Every pipeline needs a `name:`', at(item));
      entries.push({ name, node: item as YamlNode });
    }
  } else if (list !== undefined && list !== null) {
    throw userError('pipeline-invalid', '`pipelines:` must map pipeline names to their definitions', at(list));
  }
  const seen = new Set<string>();
  const pipelines = entries.map(({ name, node }) => {
    if (seen.has(name)) throw userError('pipeline-invalid', `The pipeline '${name}' is declared twice`, at(node));
    seen.add(name);
    return { ...parsePipeline(name, node, at, projectDir), secrets };
  });
  return { file, pipelines };
}

function parsePipeline(name: string, node: YamlNode, at: (n: unknown) => SourceLocation, projectDir: string): Omit<PipelineDefinition, 'secrets'> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw userError('pipeline-invalid', `Pipeline name '${name}' may only use letters, digits, _ . and -`, at(node));
  if (!isMap(node)) throw userError('pipeline-invalid', `The pipeline '${name}' must be a mapping with steps:`, at(node));
  const raw = node.toJSON() as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!PIPELINE_KEYS.has(key)) {
      throw userError('pipeline-invalid', `Unknown key '${key}' in the pipeline '${name}'`, at(node.get(key, true) ?? node),
        `Known keys: ${[...PIPELINE_KEYS].join(', ')}.`);
    }
  }
  const where = at(node);
  const defaults = {
    retries: raw.retries === undefined ? 0 : count(raw.retries, `${name}: retries`, where),
    retryDelayMs: raw.retry_delay === undefined ? 10_000 : parseDuration(raw.retry_delay, `${name}: retry_delay`, where),
    timeoutMs: raw.timeout === undefined ? undefined : parseDuration(raw.timeout, `${name}: timeout`, where),
  };
  const stepsNode = node.get('steps', true) as unknown;
  if (!isSeq(stepsNode) || stepsNode.items.length === 0) {
    throw userError('pipeline-invalid', `The pipeline '${name}' needs a list of steps:`, at(stepsNode ?? node),
      "For example:\n  steps:\n    - ingest billing\n    - build --select tag:daily");
  }
  const steps = stepsNode.items.map((item) => parseStep(item as YamlNode, at, defaults, name));
  // Names made up from the step's command get a number when they repeat (shell, shell_2, ...).
  const explicit = new Set(stepsNode.items.map((item, i) => (isMap(item) && typeof item.get('name') === 'string' ? i : -1)));
  const used = new Map<string, number>();
  steps.forEach((step, i) => {
    if (explicit.has(i)) return;
    const n = (used.get(step.name) ?? 0) + 1;
    used.set(step.name, n);
    if (n > 1) step.name = `${step.name}_${n}`;
  });
  const names = new Set<string>();
  for (const step of steps) {
    if (names.has(step.name)) {
      throw userError('pipeline-invalid', `Two steps of '${name}' are both named '${step.name}'`, { file: where.file, line: step.line },
        'Give one of them a `name:` of its own.');
    }
    names.add(step.name);
  }
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (!names.has(dep)) {
        throw userError('pipeline-invalid', `The step '${step.name}' depends on '${dep}', which is not a step of '${name}'`,
          { file: where.file, line: step.line }, `Steps: ${[...names].join(', ')}.`);
      }
    }
  }
  checkAcyclic(name, steps, where);
  const health = raw.health_check;
  const healthWhere = at(node.get('health_check', true));
  let healthCheck: PipelineDefinition['healthCheck'];
  if (typeof health === 'string') healthCheck = { url: checkedUrl(health, name, healthWhere), timeoutMs: 10_000 };
  else if (health && typeof health === 'object' && typeof (health as { url?: unknown }).url === 'string') {
    const h = health as { url: string; timeout?: unknown };
    healthCheck = { url: checkedUrl(h.url, name, healthWhere), timeoutMs: h.timeout === undefined ? 10_000 : parseDuration(h.timeout, `${name}: health_check.timeout`, where) };
  } else if (health !== undefined && health !== null) {
    throw userError('pipeline-invalid', `health_check of '${name}' must be a URL or {url, timeout}`, healthWhere);
  }
  const vars = raw.vars ?? {};
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) throw userError('pipeline-invalid', `vars of '${name}' must be a mapping`, at(node.get('vars', true)));
  return {
    name,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    steps,
    ordered: steps.every((s) => s.dependsOn.length === 0),
    schedule: parseSchedule(raw.schedule, name, at(node.get('schedule', true))),
    fileTrigger: parseFileTrigger(raw.on_file_arrival, name, at(node.get('on_file_arrival', true)), projectDir),
    healthCheck,
    vars: vars as Record<string, unknown>,
    location: where,
  };
}

function parseStep(
  item: YamlNode,
  at: (n: unknown) => SourceLocation,
  defaults: { retries: number; retryDelayMs: number; timeoutMs: number | undefined },
  pipeline: string,
): PipelineStep {
  const where = at(item);
  const base = { retries: defaults.retries, retryDelayMs: defaults.retryDelayMs, timeoutMs: defaults.timeoutMs, dependsOn: [] as string[], line: where.line };
  if (isScalar(item) && typeof item.value === 'string') return { ...base, ...stepFromLine(item.value, where) };
  if (!isMap(item)) throw userError('pipeline-invalid', `A step of '${pipeline}' must be a command line or a mapping`, where);
  const raw = item.toJSON() as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!STEP_KEYS.has(key)) {
      throw userError('pipeline-invalid', `Unknown key '${key}' in a step of '${pipeline}'`, where,
        key.includes(' ') ? 'YAML reads a line with ": " in it as a mapping: put the whole step in quotes.' : `Known keys: ${[...STEP_KEYS].join(', ')}.`);
    }
  }
  const kinds = ['command', 'ingest', 'shell'].filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) {
    throw userError('pipeline-invalid', `A step of '${pipeline}' needs exactly one of command:, ingest: or shell:`, where);
  }
  let body: Omit<PipelineStep, 'retries' | 'retryDelayMs' | 'timeoutMs' | 'dependsOn' | 'line'>;
  if (raw.shell !== undefined) {
    if (typeof raw.shell !== 'string' || raw.shell.trim() === '') throw userError('pipeline-invalid', 'shell: must be a command line', where);
    body = { name: 'shell', kind: 'shell', argv: [], sources: [], shell: raw.shell };
  } else if (raw.ingest !== undefined) {
    const sources = raw.ingest === null || raw.ingest === true ? [] : Array.isArray(raw.ingest) ? raw.ingest.map(String) : String(raw.ingest).split(/\s+/).filter(Boolean);
    body = { name: ingestName(sources), kind: 'ingest', argv: [], sources, shell: '' };
  } else {
    body = stepFromLine(String(raw.command), where);
  }
  const dependsOn = raw.depends_on === undefined ? [] : Array.isArray(raw.depends_on) ? raw.depends_on.map(String) : [String(raw.depends_on)];
  return {
    ...base,
    ...body,
    name: typeof raw.name === 'string' ? raw.name : body.name,
    retries: raw.retries === undefined ? base.retries : count(raw.retries, 'retries', where),
    retryDelayMs: raw.retry_delay === undefined ? base.retryDelayMs : parseDuration(raw.retry_delay, 'retry_delay', where),
    timeoutMs: raw.timeout === undefined ? base.timeoutMs : parseDuration(raw.timeout, 'timeout', where),
    dependsOn,
  };
}

/** `ingest a b`, `shell: cmd` or a Reelhouse command line such as `build --select tag:daily`. */
function stepFromLine(line: string, where: SourceLocation): Pick<PipelineStep, 'name' | 'kind' | 'argv' | 'sources' | 'shell'> {
  const shell = /^\s*shell\s*:\s*(.+)$/s.exec(line);
  if (shell) return { name: 'shell', kind: 'shell', argv: [], sources: [], shell: shell[1]!.trim() };
  const argv = splitCommandLine(line.trim().replace(/^reelhouse\s+/, ''));
  if (argv.length === 0) throw userError('pipeline-invalid', 'A step is empty', where);
  if (argv[0] === 'ingest' && argv.slice(1).every((a) => !a.startsWith('-'))) {
    const sources = argv.slice(1);
    return { name: ingestName(sources), kind: 'ingest', argv: [], sources, shell: '' };
  }
  if (argv[0] === 'serve' || argv[0] === 'pipeline') {
    throw userError('pipeline-invalid', `A step cannot run \`${argv[0]}\``, where, 'Steps run project commands: ingest, build, run, test, seed, snapshot, source freshness, run-operation, or a shell: command.');
  }
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = argv[0] === 'source' || argv[0] === 'run-operation' ? words.slice(0, 2).join('_') : argv[0]!;
  return { name: name.replace(/[^A-Za-z0-9_]+/g, '_'), kind: 'command', argv, sources: [], shell: '' };
}

/** A health-check URL without its trailing slash; a bad one is named without its path, which may be a secret token. */
function checkedUrl(url: string, pipeline: string, where: SourceLocation): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  let protocol = '';
  try {
    protocol = new URL(trimmed).protocol;
  } catch {
    // Reported below.
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw userError('pipeline-invalid', `health_check of '${pipeline}' is not an http(s) URL (${redactUrl(trimmed)})`, where,
      "Write the check's full URL, e.g. https://hc-ping.com/<uuid>, or {{ env_var('HEALTHCHECK_URL') }}.");
  }
  return trimmed;
}

function ingestName(sources: string[]): string {
  return sources.length ? `ingest_${sources.join('_')}` : 'ingest';
}

function count(value: unknown, what: string, where: SourceLocation): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw userError('pipeline-invalid', `${what} must be a whole number of 0 or more, got ${JSON.stringify(value)}`, where);
}

function parseSchedule(value: unknown, pipeline: string, where: SourceLocation): PipelineSchedule | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = typeof value === 'string' ? { cron: value } : (value as Record<string, unknown>);
  if (typeof raw !== 'object' || typeof raw.cron !== 'string') {
    throw userError('pipeline-invalid', `schedule of '${pipeline}' needs a cron: expression`, where, "For example: schedule: {cron: '0 * * * *', timezone: Europe/Paris}");
  }
  const timezone = raw.timezone === undefined ? undefined : String(raw.timezone);
  if (timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      throw userError('pipeline-invalid', `Unknown time zone '${timezone}' in the schedule of '${pipeline}'`, where, 'Use an IANA name such as Europe/Paris or UTC.');
    }
  }
  try {
    new Cron(raw.cron, { timezone, paused: true });
  } catch (error) {
    throw userError('pipeline-invalid', `The cron expression '${raw.cron}' of '${pipeline}' is not valid: ${(error as Error).message}`, where,
      'Five fields (minute hour day month weekday), or six with seconds first.');
  }
  const catchUp = raw.catch_up ?? 'skip';
  if (catchUp !== 'skip' && catchUp !== 'run_last') {
    throw userError('pipeline-invalid', `catch_up of '${pipeline}' must be skip or run_last, got ${JSON.stringify(catchUp)}`, where);
  }
  return { cron: raw.cron, timezone, catchUp };
}

function parseFileTrigger(value: unknown, pipeline: string, where: SourceLocation, projectDir: string): FileTrigger | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = typeof value === 'string' ? { path: value } : (value as Record<string, unknown>);
  if (typeof raw !== 'object' || typeof raw.path !== 'string') {
    throw userError('pipeline-invalid', `on_file_arrival of '${pipeline}' needs a path: glob`, where, 'For example: on_file_arrival: {path: data/incoming/*.csv, debounce: 10s}');
  }
  return {
    glob: isAbsolute(raw.path) ? raw.path : resolve(projectDir, raw.path),
    debounceMs: raw.debounce === undefined ? 5_000 : parseDuration(raw.debounce, 'debounce', where),
    pollMs: raw.poll === undefined ? 2_000 : parseDuration(raw.poll, 'poll', where),
  };
}

function checkAcyclic(pipeline: string, steps: PipelineStep[], where: SourceLocation): void {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' -> ');
      throw userError('pipeline-invalid', `The steps of '${pipeline}' depend on each other in a cycle: ${cycle}`, where);
    }
    state.set(name, 'open');
    for (const dep of byName.get(name)?.dependsOn ?? []) visit(dep, [...path, name]);
    state.set(name, 'done');
  };
  for (const step of steps) visit(step.name, []);
}

/** The order steps run in: file order, each step after the steps it depends on. */
export function stepOrder(pipeline: PipelineDefinition): PipelineStep[] {
  const done = new Set<string>();
  const out: PipelineStep[] = [];
  const pending = [...pipeline.steps];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => s.dependsOn.every((d) => done.has(d)));
    const [step] = pending.splice(i < 0 ? 0 : i, 1);
    out.push(step!);
    done.add(step!.name);
  }
  return out;
}
