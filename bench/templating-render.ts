// Benchmark: compiles and renders a large dbt-sized project's worth of model templates.
// A shared set of macros is compiled once from macro files; every model binds them to its
// own context (as dbt does), then renders. Prints compile and render throughput and peak RSS.
//
//   node dist/bench/templating-render.js [--models 10000] [--macros 50] [--seed 7] [--workers 2] [--mode auto|closures|js] [--interleave] [--show]
//
// --workers splits the models over worker threads (each compiles the macros itself);
// --interleave renders each model right after compiling it, as the project's renderer does
// (compile and render times are then reported together as render); without it every model
// is compiled before any is rendered, and each is lexed and parsed again when first rendered:
// the environment keeps the syntax trees of its last few compiles only, as keeping 10,000
// of them alive cost the garbage collector more than the second parse (see environment.ts);
// --mode picks the environment's compileMode (default: auto); --show prints the first
// rendered model. CPU time is printed beside wall time, as it is steadier on a busy machine.
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Environment, Kwargs } from '../src/templating/index.js';
import type { Template } from '../src/templating/index.js';

interface Options {
  models: number;
  macros: number;
  seed: number;
  workers: number;
  show: boolean;
  interleave: boolean;
  mode: 'auto' | 'closures' | 'js';
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { models: 10_000, macros: 50, seed: 7, workers: 1, show: false, interleave: false, mode: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (key === 'show') opts.show = true;
    if (key === 'interleave') opts.interleave = true;
    const mode = argv[i + 1];
    if (key === 'mode' && (mode === 'auto' || mode === 'closures' || mode === 'js')) opts.mode = mode;
    if ((key === 'models' || key === 'macros' || key === 'seed' || key === 'workers') && Number.isFinite(value) && value >= 1) {
      opts[key] = value;
      i++;
    }
  }
  return opts;
}

/** A small deterministic generator so every run renders the same project. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const KINDS = ['cast', 'key', 'cents', 'trunc', 'coalesce', 'case', 'star', 'filter', 'safe_div', 'window'] as const;

/** The source of one macro of the given kind; some call macros of other files by name. */
function macroSource(kind: (typeof KINDS)[number], i: number): string {
  const name = `bm_${kind}_${i}`;
  switch (kind) {
    case 'cast':
      return `{% macro ${name}(col, type='varchar', alias=none) -%}\n  cast({{ col }} as {{ type }}){% if alias %} as {{ alias }}{% endif %}\n{%- endmacro %}\n`;
    case 'key':
      return (
        `{% macro ${name}(fields) -%}\n  {%- set parts = [] -%}\n  {%- for f in fields -%}\n` +
        `    {%- do parts.append("coalesce(cast(" ~ f ~ " as varchar), '_null_')") -%}\n` +
        `    {%- if not loop.last %}{% do parts.append("'-'") %}{% endif -%}\n  {%- endfor -%}\n` +
        `  md5({{ parts | join(' || ') }})\n{%- endmacro %}\n`
      );
    case 'cents':
      return `{% macro ${name}(col, scale=2) -%}\n  round(cast({{ col }} as decimal(18, {{ scale }})) / 100, {{ scale }})\n{%- endmacro %}\n`;
    case 'trunc':
      return `{% macro ${name}(part, col) -%}\n  date_trunc('{{ part | lower }}', {{ col }})\n{%- endmacro %}\n`;
    case 'coalesce': {
      const cast = `bm_cast_${Math.floor(i / KINDS.length) * KINDS.length}`;
      return `{% macro ${name}(cols, default='null') -%}\n  coalesce({{ cols | join(', ') }}, {{ ${cast}(default, type='varchar') }})\n{%- endmacro %}\n`;
    }
    case 'case':
      return (
        `{% macro ${name}(col, mapping) -%}\n  case {{ col }}\n  {%- for k, v in mapping.items() %}\n` +
        `    when '{{ k }}' then '{{ v }}'\n  {%- endfor %}\n    else 'other'\n  end\n{%- endmacro %}\n`
      );
    case 'star':
      return (
        `{% macro ${name}(cols, except=[], prefix='') -%}\n  {%- for c in cols if c not in except %}\n` +
        `  {{ prefix }}{{ c }}{{ ',' if not loop.last }}\n  {%- endfor %}\n{%- endmacro %}\n`
      );
    case 'filter':
      return (
        `{% macro ${name}(col, days=3) -%}\n  {%- if target.name == 'prod' -%}\n  {{ col }} >= current_date - interval '{{ days }} days'\n` +
        `  {%- else -%}\n  {{ col }} >= current_date - interval '{{ days * 10 }} days'\n  {%- endif -%}\n{%- endmacro %}\n`
      );
    case 'safe_div':
      return `{% macro ${name}(num, den) -%}\n  {{ num }} / nullif({{ den }}, 0)\n{%- endmacro %}\n`;
    case 'window':
      return (
        `{% macro ${name}(partition, order, fn='row_number()') -%}\n  {{ fn }} over (partition by {{ partition | join(', ') }} order by {{ order }})` +
        ` /* {{ this }} */\n{%- endmacro %}\n`
      );
  }
}

/** Macro files of five macros each, like a project's macros/ folder. */
function macroFiles(total: number): Array<{ filename: string; source: string; names: string[] }> {
  const files: Array<{ filename: string; source: string; names: string[] }> = [];
  for (let i = 0; i < total; i += 5) {
    let source = '';
    const names: string[] = [];
    for (let j = i; j < Math.min(i + 5, total); j++) {
      const kind = KINDS[j % KINDS.length]!;
      source += `${macroSource(kind, j)}\n`;
      names.push(`bm_${kind}_${j}`);
    }
    files.push({ filename: `macros/bench_${i / 5}.sql`, source, names });
  }
  return files;
}

/** One model-sized template: config, refs, a column loop, conditions and 3-5 macro calls. */
function modelSource(n: number, next: () => number, macroNames: string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const nCols = 4 + Math.floor(next() * 10);
  const cols = Array.from({ length: nCols }, (_, i) => `${pick(['user', 'title', 'event', 'plan', 'device'])}_${pick(['id', 'ts', 'name', 'amount', 'code'])}_${i}`);
  const upstream = Array.from({ length: 1 + Math.floor(next() * 3) }, () => `stg_model_${Math.floor(next() * 2000)}`);
  const mat = pick(['view', 'table', 'incremental']);
  const calls = 3 + Math.floor(next() * 3);
  const macroCall = (): string => {
    const name = pick(macroNames);
    const kind = name.split('_')[1];
    switch (kind) {
      case 'cast':
        return `{{ ${name}('${cols[0]}', type='bigint', alias='${cols[0]}_key') }}`;
      case 'key':
        return `{{ ${name}(['${cols[0]}', '${cols[1]}']) }} as surrogate_key`;
      case 'cents':
        return `{{ ${name}('amount_cents', scale=${1 + Math.floor(next() * 4)}) }} as amount`;
      case 'trunc':
        return `{{ ${name}('Month', 'created_at') }} as created_month`;
      case 'coalesce':
        return `{{ ${name}(['a.${cols[1]}', 'b.${cols[1]}'], default="'n/a'") }} as merged`;
      case 'case':
        return `{{ ${name}('status', {'a': 'active', 'c': 'cancelled', 'p': 'paused'}) }} as status_name`;
      case 'star':
        return `{{ ${name}(columns, except=['${cols[2] ?? cols[0]}'], prefix='src.') }}`;
      case 'filter':
        return `{{ ${name}('updated_at', days=${1 + Math.floor(next() * 7)}) }} as is_recent`;
      case 'safe_div':
        return `{{ ${name}('revenue', 'subscribers') }} as arpu`;
      default:
        return `{{ ${name}(['${cols[0]}'], '${cols[1]} desc') }} as rn`;
    }
  };
  const lines: string[] = [];
  lines.push(`{{ config(materialized='${mat}', tags=['bench', 'group_${n % 17}'], unique_key='${cols[0]}', schema='marts') }}`);
  lines.push('');
  lines.push(`{%- set columns = ${JSON.stringify(cols).replace(/"/g, "'")} %}`);
  lines.push(`{%- set payment_methods = ['card', 'paypal', 'gift'] %}`);
  lines.push('');
  lines.push('with');
  upstream.forEach((u, i) => {
    lines.push(`${u.replace('stg_', 'src_')}_${i} as (`);
    lines.push(`    select * from {{ ref('${u}') }}`);
    lines.push(`),`);
  });
  lines.push(`raw_events as (`);
  lines.push(`    select * from {{ source('raw', 'events_${n % 50}') }}`);
  lines.push(`    {% if is_incremental() %}`);
  lines.push(`    where loaded_at > (select max(loaded_at) from {{ this }})`);
  lines.push(`    {% endif %}`);
  lines.push(`),`);
  lines.push(`renamed as (`);
  lines.push(`    select`);
  lines.push(`        {%- for col in columns %}`);
  lines.push(`        {{ col }} as {{ col | lower | replace('_id', '_key') }}{{ ',' if not loop.last }}`);
  lines.push(`        {%- endfor %}`);
  lines.push(`    from raw_events`);
  lines.push(`),`);
  lines.push(`final as (`);
  lines.push(`    select`);
  for (let i = 0; i < calls; i++) lines.push(`        ${macroCall()},`);
  lines.push(`        {%- for pm in payment_methods %}`);
  lines.push(`        sum(case when payment_method = '{{ pm }}' then amount else 0 end) as {{ pm }}_amount,`);
  lines.push(`        {%- endfor %}`);
  lines.push(`        {% if var('include_flags', false) %}true{% else %}false{% endif %} as flagged,`);
  lines.push(`        '{{ target.schema }}' as built_in`);
  lines.push(`    from renamed`);
  lines.push(`    left join ${upstream[0]!.replace('stg_', 'src_')}_0 using (${cols[0]})`);
  lines.push(`    {%- if target.name == 'dev' %}`);
  lines.push(`    where {{ columns[0] }} is not null`);
  lines.push(`    {%- endif %}`);
  lines.push(`    group by all`);
  lines.push(`)`);
  lines.push('');
  lines.push('select * from final');
  const extra = Math.floor(next() * 30);
  for (let i = 0; i < extra; i++) lines.push(`-- note ${i}: {{ columns | length }} columns, model ${n}`);
  // ends with a newline; one join gives a flat string, as text read from a file is
  lines.push('');
  return lines.join('\n');
}

/** The host functions and values dbt hands to every model. */
function modelContext(n: number): Record<string, unknown> {
  const configs: Record<string, unknown> = {};
  return {
    target: { name: n % 2 === 0 ? 'dev' : 'prod', schema: 'analytics', type: 'duckdb' },
    this: `"warehouse"."analytics"."model_${n}"`,
    ref: (name: string) => `"warehouse"."analytics"."${name}"`,
    source: (src: string, table: string) => `"warehouse"."${src}"."${table}"`,
    config: (...args: unknown[]) => {
      const kw = args[args.length - 1];
      if (kw instanceof Kwargs) Object.assign(configs, kw.values);
      return '';
    },
    var: (_name: string, dflt: unknown = null) => dflt,
    is_incremental: () => n % 3 === 0,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

interface ShareResult {
  compileS: number;
  renderS: number;
  compileCpuS: number;
  renderCpuS: number;
  bytes: number;
  sample: string;
}

/** Compiles the macros once, then compiles and renders models [from, to). */
function runShare(opts: Options, from: number, to: number): ShareResult {
  const next = rng(opts.seed);
  const files = macroFiles(opts.macros);
  const macroNames = files.flatMap((f) => f.names);
  const sources = Array.from({ length: opts.models }, (_, i) => modelSource(i, next, macroNames)).slice(from, to);
  const env = new Environment({ undefinedBehavior: 'lenient', compileMode: opts.mode });

  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const macroTemplates = files.map((f) => env.compile(f.source, f.filename));
  const compileModel = (i: number): Template => env.compile(sources[i]!, `models/bench/model_${from + i}.sql`);
  const models = opts.interleave ? [] : sources.map((_, i) => compileModel(i));
  const t1 = performance.now();
  const c1 = cpu();

  let bytes = 0;
  let sample = '';
  for (let i = 0; i < sources.length; i++) {
    const context = modelContext(from + i);
    for (const t of macroTemplates) {
      for (const m of t.macros) context[m.name] = m.bind(context);
    }
    const sql = (opts.interleave ? compileModel(i) : models[i]!).render(context);
    if (i === 0) sample = sql;
    bytes += sql.length;
  }
  const t2 = performance.now();
  const c2 = cpu();
  return { compileS: (t1 - t0) / 1000, renderS: (t2 - t1) / 1000, compileCpuS: c1 - c0, renderCpuS: c2 - c1, bytes, sample };
}

/** Runs the shares in worker threads (one per share) and waits for all of them. */
function runWorkers(opts: Options): Promise<ShareResult[]> {
  const per = Math.ceil(opts.models / opts.workers);
  const jobs: Promise<ShareResult>[] = [];
  for (let w = 0; w < opts.workers; w++) {
    const from = w * per;
    const to = Math.min(opts.models, from + per);
    jobs.push(
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { opts, from, to } });
        worker.once('message', (r: ShareResult) => resolve(r));
        worker.once('error', reject);
      }),
    );
  }
  return Promise.all(jobs);
}

async function main(): Promise<void> {
  if (!isMainThread) {
    const { opts, from, to } = workerData as { opts: Options; from: number; to: number };
    parentPort?.postMessage(runShare(opts, from, to));
    return;
  }
  const opts = parseArgs(process.argv.slice(2));
  const files = macroFiles(opts.macros);
  const started = performance.now();
  const results = opts.workers > 1 ? await runWorkers(opts) : [runShare(opts, 0, opts.models)];
  const wallS = (performance.now() - started) / 1000;
  const compileS = Math.max(...results.map((r) => r.compileS));
  const renderS = Math.max(...results.map((r) => r.renderS));
  const bytes = results.reduce((sum, r) => sum + r.bytes, 0);
  const cpuS = results.reduce((sum, r) => sum + r.compileCpuS + r.renderCpuS, 0);
  const rssKb = process.resourceUsage().maxRSS;
  if (opts.show) console.log(results[0]?.sample);
  console.log(`templating benchmark: ${opts.models} models, ${opts.macros} macros in ${files.length} files, ${opts.workers} thread(s), compileMode ${opts.mode}`);
  console.log(`compile: ${compileS.toFixed(3)} s, ${(opts.models / compileS).toFixed(0)} templates/s`);
  console.log(`render:  ${renderS.toFixed(3)} s, ${(opts.models / renderS).toFixed(0)} templates/s (${mb(bytes)} of SQL)`);
  console.log(`total:   ${(compileS + renderS).toFixed(3)} s (${wallS.toFixed(3)} s wall clock, ${cpuS.toFixed(3)} s CPU)`);
  console.log(`peak RSS: ${mb(rssKb * 1024)}`);
}

main().catch((err: unknown) => {
  const d = (err as { diagnostic?: { message: string; location?: { file: string; line?: number } } }).diagnostic;
  console.error(d ? `benchmark failed: ${d.location?.file}:${d.location?.line}: ${d.message}` : err);
  process.exitCode = 1;
});
