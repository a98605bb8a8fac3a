// createRenderer: dbt's parse and execute phases over a loaded project.
import { checkOwnMaterialization } from './fixed-materializations.js';
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { flatString } from '../../core/flat-string.js';
import type { Template, TemplateAst } from '../../templating/index.js';
import { toPlain } from '../../templating/index.js';
import type { CompiledNode, Manifest, SourceNode } from '../types.js';
import { sourceRelation } from './node-relations.js';
import { toHooks } from '../load/config-merge.js';
import { applyConfigCalls, writtenConfigCall } from './config-calls.js';
import { configCallDict } from './config-call-dict.js';
import { RenderCore } from './render-core.js';
import type { RenderState, RenderPhase } from './render-state.js';
import type { RendererProject } from './project-shape.js';
import type { CompileOverrides, Renderer, RendererOptions } from './renderer-options.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';
import { addConstraintParents } from './constraint-refs.js';
import { globalProjectMacroFiles } from './global-project.js';
import { cteFor, injectCtes, type InjectedCte } from './cte-injection.js';
import { EphemeralCompileError } from './ephemeral-error.js';
import { checkSnapshotConfig } from './snapshot-config-check.js';
import { checkMicrobatchConfig } from './microbatch-config-check.js';
import { NameGenerator } from './name-generator.js';
import { GenericTestMacros, testMacroFirst } from './generic-test-macros.js';
import { fillMacroDependencies } from './macro-calls.js';
import { renderTestKwargs } from './test-kwargs.js';
import { locate } from './node-error-location.js';
import { macroError } from './macro-chain.js';
import { callPythonDbtFunctions } from './python-model-calls.js';
import { appendRefs, appendSources, mergeSources } from './merge-refs.js';
import { overridesParseCalls, parsedStatically } from './static-parse.js';
import { Relation, informationSchemaRelation } from './relation.js';
import { TemplateCache } from './template-cache.js';
import { failsHookParse, seedHookDependencyError } from './hook-parse-errors.js';
import { overrideMacros } from './macro-overrides.js';
import { addCompiledMacros } from './compiled-macros.js';
import { setMacroModel } from './node-variables.js';

const RENDERED = new Set(['model', 'snapshot', 'analysis', 'test']);
const NAMED = new Set(['model', 'seed', 'snapshot', 'test', 'analysis']);
const HOOKED = new Set(['model', 'seed', 'snapshot']);
const TEST_KWARGS = '_dbt_generic_test_kwargs';
// What dbt's get_rendered looks for before rendering a string as a template: `{{`, `{%`, `{#`,
// `}}`, `%}` or `#}`.
const RENDER_CHARS = /\{[{%#]|[#}%]\}/;

/** Creates the renderer for a loaded project (its macros compiled once, up front). */
export function createRenderer(loaded: RendererProject, options: RendererOptions): Renderer {
  return new DbtRenderer(loaded, options);
}

interface Rendered {
  sql: string;
  ephemerals: string[];
  /** The sql_header set_sql_header gave while executing (refs, sources and `this` resolved then). */
  sqlHeader?: string;
}

class DbtRenderer implements Renderer {
  private readonly core: RenderCore;
  private readonly names: NameGenerator;
  private readonly templates: TemplateCache;
  private readonly testMacros: GenericTestMacros;
  private readonly executed = new WeakMap<Manifest, Map<string, Rendered>>();
  /** The models dbt's static parser reads (see static-parse.ts). */
  private readonly staticModels = new WeakSet<CompiledNode>();
  private manifest: Manifest;

  constructor(loaded: RendererProject, options: RendererOptions) {
    const hasGlobal = loaded.macroFiles.some((f) => f.packageName === GLOBAL_PACKAGE);
    const project = hasGlobal ? loaded : { ...loaded, macroFiles: [...globalProjectMacroFiles(), ...loaded.macroFiles] };
    this.core = new RenderCore(project, options);
    this.names = new NameGenerator(this.core);
    this.testMacros = new GenericTestMacros(this.core);
    this.templates = new TemplateCache(this.core.env);
    this.manifest = loaded.manifest;
  }

  parse(manifest: Manifest): Manifest {
    this.manifest = manifest;
    // As dbt's parse: a call of a name nothing defines renders as nothing here, and the node
    // fails only when it is compiled (the rest of the project still parses and runs).
    this.core.env.parsing = true;
    try {
      fillMacroDependencies(this.core, manifest);
      for (const node of Object.values(manifest.nodes)) {
        // dbt validates the config from dbt_project.yml and properties files; config() calls are not.
        checkOwnMaterialization(node);
        const rendered = RENDERED.has(node.resource_type) && !!node.raw_code && !this.testMacros.parsedAsBuiltin(node);
        if (rendered) this.parseNode(node, manifest);
        checkSnapshotConfig(node);
        checkMicrobatchConfig(node, manifest, this.core.project.project.flags);
        if (HOOKED.has(node.resource_type)) this.parseHooks(node, manifest);
        if (rendered) addConstraintParents(node);
        if (NAMED.has(node.resource_type)) this.names.apply(node, manifest);
      }
      this.parseDisabled(manifest);
      for (const operation of Object.values(manifest.operations ?? {})) this.parseOperation(operation, manifest);
    } finally {
      this.core.env.parsing = false;
    }
    return manifest;
  }

  /**
   * dbt parses each project hook into an operation node, rendered as a model is: the refs and
   * macros the hook calls become the operation's. A hook that fails dbt's parse fails ours (see
   * failsHookParse); any other that cannot render here fails when it runs.
   */
  private parseOperation(node: CompiledNode, manifest: Manifest): void {
    if (!node.raw_code.includes('{')) return;
    // A hook's log() lines are printed when it runs: dbt, which parses hooks again only when the
    // project file changes, does not print them on every command's parse as well.
    const log = this.core.options.log;
    this.core.options.log = undefined;
    try {
      this.parseNode(node, manifest);
    } catch (error) {
      // A syntax error is raised before the render that places errors at the hook's line.
      if (failsHookParse(error)) throw isReelhouseError(error) && error.diagnostic.code === 'jinja-syntax' ? locate(error, node) : error;
      return;
    } finally {
      this.core.options.log = log;
    }
  }

  /**
   * dbt reads config() in every SQL file, so `config(enabled=true)` enables a node that
   * dbt_project.yml or a properties file disabled (config() has the last word). Only files that
   * mention `enabled` are read: no other config() call can change the verdict.
   */
  private parseDisabled(manifest: Manifest): void {
    for (const [id, list] of Object.entries(manifest.disabled ?? {})) {
      for (const entry of [...list]) {
        const node = entry as CompiledNode;
        if (!RENDERED.has(node.resource_type) || !node.raw_code?.includes('enabled') || manifest.nodes[id]) continue;
        this.parseNode(node, manifest);
        if (node.config.enabled === false) {
          addConstraintParents(node);
          continue;
        }
        list.splice(list.indexOf(entry), 1);
        if (list.length === 0) delete manifest.disabled[id];
        manifest.nodes[id] = node;
        if (HOOKED.has(node.resource_type)) this.parseHooks(node, manifest);
        addConstraintParents(node);
        if (NAMED.has(node.resource_type)) this.names.apply(node, manifest);
      }
    }
  }

  compile(node: CompiledNode, manifest: Manifest, overrides?: CompileOverrides): string {
    this.manifest = manifest;
    const own = this.execute(node, manifest, overrides);
    // As dbt renders a set_sql_header block again at run time: the header the materialization
    // runs names the relations refs resolve to then, not the parse's placeholders.
    if (own.sqlHeader !== undefined) node.config = { ...node.config, sql_header: own.sqlHeader };
    // dbt compile --no-inject-ephemeral-ctes: the SQL keeps its __dbt__cte__ references bare.
    const inject = this.core.flags['INJECT_EPHEMERAL_CTES'] !== false;
    const ctes: InjectedCte[] = [];
    if (own.ephemerals.length > 0 && inject) this.collectCtes(own.ephemerals, manifest, ctes, [node.unique_id], overrides);
    // The manifest lists what was injected, as dbt's extra_ctes; a compile with overrides (a unit
    // test's fixtures, a microbatch's bounds) is not the node's own compile and leaves them alone.
    if (!overrides) {
      // Left bare, dbt still records each ephemeral the node refs (its ref() notes the CTE), with
      // no SQL, since none was prepended.
      node.extra_ctes = inject ? ctes : own.ephemerals.map((id) => ({ id, sql: null }));
      node.extra_ctes_injected = inject;
    }
    // Kept until the artifacts are written: flat, as one block (see flat-string.ts).
    return flatString(ctes.length === 0 ? own.sql : injectCtes(own.sql, ctes.map((c) => c.sql)));
  }

  callMacro(name: string, args: unknown[], kwargs?: Record<string, unknown>, node?: CompiledNode, searchPackage?: string): unknown {
    const st = this.core.newState(node, 'execute', this.manifest, searchPackage);
    st.macroContext = node === undefined;
    const dot = name.indexOf('.');
    if (!node) setMacroModel(st, this.manifest.macros[dot > 0 ? `macro.${name}` : (this.core.macroIdFor(searchPackage ?? this.core.rootPackage, name) ?? '')], this.core.options.runStartedAt);
    const target = dot > 0 ? (this.core.packageNamespace(st, name.slice(0, dot)) as Record<string, unknown>)[name.slice(dot + 1)] : st.ctx[name];
    if (typeof target !== 'function') {
      throw userError('macro-not-found', `No macro named '${name}' was found`, node ? { file: node.origin.file } : undefined);
    }
    return this.callNamed(target as (...a: unknown[]) => unknown, args, kwargs);
  }

  renderString(sql: string, node?: CompiledNode, extraContext?: Record<string, unknown>, packageName?: string, overrides?: CompileOverrides): string {
    const st = this.core.newState(node, 'execute', this.manifest, packageName);
    if (overrides) st.overrides = overrides;
    // Defined, not assigned: a name the context answers with a getter (model, sql) is replaced too.
    for (const [key, value] of Object.entries(extraContext ?? {})) Object.defineProperty(st.ctx, key, { value, enumerable: true, writable: true, configurable: true });
    const file = node ? node.origin.file : '<string>';
    return this.render(this.templates.get(`inline\u0000${file}\u0000${sql}`, sql, file), st, node);
  }

  callMacroOverride(name: string, args: unknown[], kwargs?: Record<string, unknown>): { value: unknown } | undefined {
    const st = this.core.newState(undefined, 'execute', this.manifest);
    st.macroContext = true;
    const macro = this.core.adapterMacroOverride(st, name);
    return macro ? { value: this.callNamed(macro, args, kwargs) } : undefined;
  }

  informationSchema(database: string): Relation {
    return informationSchemaRelation(database, this.core.quotePolicy);
  }

  sourceRelation(source: SourceNode): Relation {
    return sourceRelation(source, this.core.quotePolicy, this.core.project.projectDir);
  }

  relation(database: string, schema: string, identifier: string): Relation {
    return new Relation({ database, schema, identifier, type: null, quotePolicy: this.core.quotePolicy, includePolicy: { database: true, schema: true, identifier: true } });
  }

  compileInline(sql: string, node?: CompiledNode): string {
    if (node) {
      // As dbt parses its inline node before compiling it: config() calls apply, the relation is named.
      this.parseNode(node, this.manifest);
      this.names.apply(node, this.manifest);
    }
    const st = this.core.newState(node, 'execute', this.manifest);
    const own = this.render(this.templates.get(`inline\u0000<string>\u0000${sql}`, sql, '<string>'), st, node);
    if (st.ephemerals.length === 0 || this.core.flags['INJECT_EPHEMERAL_CTES'] === false) return own;
    const ctes: { id: string; sql: string }[] = [];
    this.collectCtes(st.ephemerals, this.manifest, ctes, []);
    return injectCtes(own, ctes.map((c) => c.sql));
  }

  setSelectedResources(uniqueIds: string[]): void {
    this.core.options.selectedResources = uniqueIds;
  }

  /** Warnings raised by templates so far (exceptions.warn). */
  get warnings(): readonly unknown[] {
    return this.core.warnings;
  }

  private parseNode(node: CompiledNode, manifest: Manifest): void {
    const st = this.newState(node, 'parse', manifest);
    let tree: TemplateAst | null = null;
    if (node.language === 'python') callPythonDbtFunctions(this.core, node, st);
    else {
      const template = this.templates.node(node);
      // The syntax tree the template was just compiled from, while it is still held (rendering
      // consumes it): the static read of config() below then needs no second parse.
      tree = node.raw_code.includes('config(') ? template.pending : null;
      this.render(template, st, node);
    }
    if (st.configCalls.length > 0) {
      // A Python model's arguments are literals: as written is what they are. Only under the
      // project flag state_modified_compare_more_unrendered_values does dbt read the call as written;
      // by default its unrendered_config takes the values the call passed.
      const asWritten = node.language !== 'python' && this.core.flags['STATE_MODIFIED_COMPARE_MORE_UNRENDERED_VALUES'] === true;
      applyConfigCalls(node, st.configCalls, asWritten ? writtenConfigCall(node, tree, (code, file) => this.core.env.parse(code, file)) : null);
    }
    // A generic test's render names its arguments' refs again, then its model's, then those of its
    // macro's body: dbt's parse appends each of those calls, repeats included, so the render's list
    // stands for the one read from the YAML arguments. A model dbt's static parser reads lists its
    // sources as a set; a render lists every call.
    const statically = node.resource_type === 'model' && node.language === 'sql' && this.core.flags['STATIC_PARSER'] !== false && parsedStatically(node.raw_code, overridesParseCalls(this.core.registry, node.package_name, this.core.rootPackage));
    if (statically) this.staticModels.add(node);
    node.refs = node.test_metadata ? (st.refs.length > 0 ? st.refs : node.refs) : appendRefs(node.refs, st.refs);
    node.sources = node.test_metadata || statically ? mergeSources(node.sources, st.sources) : appendSources(node.sources, st.sources);
    const macros = new Set(node.depends_on.macros);
    for (const m of testMacroFirst(node, st.usedMacros)) macros.add(m);
    node.depends_on = { ...node.depends_on, macros: [...macros] };
    // Read after the test's macro is known: dbt records its own not_null and unique tests' YAML config unrendered.
    if (st.configCalls.length > 0) node.config_call_dict = configCallDict(node, st.configCalls.map((call) => toPlain(call) as Record<string, unknown>));
  }

  /**
   * dbt renders a node's hooks while parsing, so that their ref()/source() calls become the
   * node's dependencies (a post-hook reading another model runs after it); a seed may have none.
   * A hook that fails dbt's parse fails ours (see failsHookParse); any other that cannot render
   * at parse time is left to fail when it runs.
   */
  private parseHooks(node: CompiledNode, manifest: Manifest): void {
    const hooks = [...toHooks(node.config['pre-hook']), ...toHooks(node.config['post-hook'])].map((h) => h.sql).filter((sql) => sql.includes('{'));
    if (hooks.length === 0) return;
    const st = this.newState(node, 'parse', manifest);
    for (const sql of hooks) {
      try {
        this.render(this.templates.get(`hook\u0000${node.origin.file}\u0000${sql}`, sql, node.origin.file), st, node);
      } catch (error) {
        if (failsHookParse(error)) throw error;
        continue;
      }
    }
    // dbt renders the hooks in the node's context at parse: the macros they call are the node's too.
    if (st.usedMacros.size > 0) node.depends_on = { ...node.depends_on, macros: [...new Set([...node.depends_on.macros, ...st.usedMacros])] };
    if (st.refs.length === 0 && st.sources.length === 0) return;
    if (node.resource_type === 'seed') throw seedHookDependencyError(node, hooks);
    // The static parser renders a model's hooks before it adds what it read from the SQL.
    const first = this.staticModels.has(node);
    node.refs = first ? appendRefs(st.refs, node.refs) : appendRefs(node.refs, st.refs);
    node.sources = first ? appendSources(st.sources, node.sources) : appendSources(node.sources, st.sources);
  }

  private execute(node: CompiledNode, manifest: Manifest, overrides?: CompileOverrides): Rendered {
    // Python holds no Jinja (the parse makes sure): its code is its compiled code.
    if (node.language === 'python') return { sql: node.raw_code, ephemerals: [] };
    // dbt's get_rendered hands back code holding no Jinja delimiter untouched, so Jinja's newline
    // handling never sees it: a file saved with CRLF line ends compiles with them.
    if (!RENDER_CHARS.test(node.raw_code)) return { sql: node.raw_code, ephemerals: [] };
    // The node's own compile records the macros its code calls, as dbt's do; a compile with
    // overrides (a unit test's fixtures, a microbatch's bounds) is not the node's own.
    const st = this.newState(node, 'execute', manifest, !overrides);
    // A unit test swaps refs for fixtures; everywhere else a ref must be one the parse saw.
    st.checkRefs = overrides?.unitTest !== true;
    if (overrides) {
      st.overrides = overrides;
      if (overrides.macros) overrideMacros(st, overrides.macros);
    }
    if (!overrides && node.resource_type === 'test' && node.test_metadata) {
      // dbt's own unique and not_null tests (most of a project's tests) are written directly.
      const sql = this.testMacros.dbtSql(node, st, st.ctx['_dbt_generic_test_kwargs'] as Record<string, unknown>);
      if (sql !== undefined) {
        addCompiledMacros(node, st);
        return { sql, ephemerals: [...st.ephemerals] };
      }
    }
    const sql = this.render(this.templates.node(node), st, node);
    addCompiledMacros(node, st);
    return st.sqlHeader === undefined ? { sql, ephemerals: [...st.ephemerals] } : { sql, ephemerals: [...st.ephemerals], sqlHeader: st.sqlHeader };
  }

  // dbt's _recursively_prepend_ctes: an ephemeral's own ephemerals come before it, each once.
  private collectCtes(ids: readonly string[], manifest: Manifest, out: InjectedCte[], stack: string[], overrides?: CompileOverrides): void {
    let cache = overrides ? new Map<string, Rendered>() : this.executed.get(manifest);
    if (!cache) this.executed.set(manifest, (cache = new Map()));
    for (const id of ids) {
      if (out.some((c) => c.id === id)) continue;
      if (stack.includes(id)) throw userError('cycle', `Ephemeral models reference each other in a cycle: ${[...stack, id].join(' -> ')}`);
      const eph = manifest.nodes[id];
      if (!eph) continue;
      let rendered = cache.get(id);
      if (!rendered) cache.set(id, (rendered = this.executeEphemeral(eph, manifest, overrides)));
      this.collectCtes(rendered.ephemerals, manifest, out, [...stack, id], overrides);
      if (!out.some((c) => c.id === id)) out.push({ id, sql: cteFor(eph.alias || eph.name, rendered.sql) });
    }
  }

  /** Renders the ephemeral models `ids` as a node inlines them (kept for its compile); throws the first one's compile error. */
  renderEphemerals(ids: readonly string[], manifest: Manifest): void {
    this.collectCtes(ids, manifest, [], []);
  }

  /** Renders an inlined ephemeral model; its compile error is marked as the ephemeral's (see ephemeral-error.ts). */
  private executeEphemeral(eph: CompiledNode, manifest: Manifest, overrides?: CompileOverrides): Rendered {
    try {
      return this.execute(eph, manifest, overrides);
    } catch (error) {
      if (isReelhouseError(error) && !(error instanceof EphemeralCompileError)) throw new EphemeralCompileError(eph.unique_id, error);
      throw error;
    }
  }

  private newState(node: CompiledNode, phase: RenderPhase, manifest: Manifest, tracksCalls = phase === 'parse'): RenderState {
    const meta = node.resource_type === 'test' ? node.test_metadata : undefined;
    const testPackage = meta ? (meta.namespace ?? this.core.unqualifiedTestPackage(node.package_name, `test_${meta.name}`)) : undefined;
    const st = this.core.newState(node, phase, manifest, undefined, testPackage ?? undefined);
    // Set before a test's arguments render: their get_where_subquery is one of the calls.
    st.tracksCalls = tracksCalls;
    if (node.resource_type === 'test' && node.test_metadata) {
      const kwargs = renderTestKwargs(st, node, (source, key) => this.templates.kwarg(key, source, node.origin.file), this.testMacros.whereSubqueryIsDbts());
      // Assigned (defining takes the engine's slow path) unless a macro up the chain has the name.
      if (TEST_KWARGS in st.ctx) Object.defineProperty(st.ctx, TEST_KWARGS, { value: kwargs, enumerable: true });
      else st.ctx[TEST_KWARGS] = kwargs;
      if (!node.test_metadata.namespace) {
        const macroName = `test_${node.test_metadata.name}`;
        // As dbt, whose parse renders an undefined test macro as nothing: only compiling the test fails.
        if (phase === 'execute') this.testMacros.assertExists(node, macroName);
        const pkg = this.core.unqualifiedTestPackage(node.package_name, macroName);
        if (pkg) Object.defineProperty(st.ctx, macroName, { value: st.macro(pkg, macroName), enumerable: true });
      }
    }
    return st;
  }

  private render(template: Template, st: RenderState, node: CompiledNode | undefined): string {
    try {
      return template.render(st.ctx as Record<string, unknown>);
    } catch (error) {
      throw locate(macroError(error, this.manifest, node, this.core.env.parsing), node);
    }
  }

  /** Calls a macro from host code (its errors readied for their report, see macro-chain.ts). */
  private callNamed(macro: (...a: unknown[]) => unknown, args: unknown[], kwargs?: Record<string, unknown>): unknown {
    try {
      return this.core.call(macro, args, kwargs);
    } catch (error) {
      throw macroError(error, this.manifest);
    }
  }
}
