// Computes each node's database, schema and alias with the generate_database_name,
// generate_schema_name and generate_alias_name macros, and its relation_name.
//
// Which macro runs follows dbt: the root project's, else one in the node's own package,
// else dbt's (which dispatches to default__/duckdb__ versions a project may also override).
// When nothing overrides dbt's versions, the same rules run in TypeScript: at 10,000 nodes
// that is most of the parse time saved, with identical results.
import type { CompiledNode, Manifest } from '../types.js';
import { pyStr } from '../../templating/index.js';
import type { RenderCore } from './render-core.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';
import { nodeRelation } from './node-relations.js';
import { setMacroModel } from './node-variables.js';
import { manifestMacroPackage } from './adapter-package.js';
import { hasMacroChain, nameMacroFiles, operationReport } from './macro-chain.js';

type Component = 'database' | 'schema' | 'alias';

/** dbt's default schema for test results (`<target_schema>_dbt_test__audit`). */
export const TEST_AUDIT_SCHEMA = 'dbt_test__audit';

/** Names nodes' relations. */
export class NameGenerator {
  private readonly builtinFor = new Map<Component, Map<string, boolean>>();

  constructor(private readonly core: RenderCore) {}

  /** Sets database, schema, alias and relation_name on `node`. */
  apply(node: CompiledNode, manifest: Manifest): void {
    const cfg = node.config;
    const customSchema = cfg.schema ?? (node.resource_type === 'test' ? TEST_AUDIT_SCHEMA : null);
    node.database = this.generate('database', emptyToNull(cfg.database), node, manifest);
    node.schema = this.generate('schema', customSchema, node, manifest);
    node.alias = this.generate('alias', emptyToNull(cfg.alias), node, manifest);
    if (node.resource_type === 'snapshot') {
      // dbt's legacy snapshot configs name the schema and database verbatim, past the macros.
      const targetSchema = cfg['target_schema'];
      const targetDatabase = cfg['target_database'];
      if (typeof targetSchema === 'string' && targetSchema !== '') node.schema = targetSchema;
      if (typeof targetDatabase === 'string' && targetDatabase !== '') node.database = targetDatabase;
    }
    const materialized = cfg.materialized;
    const relational =
      node.resource_type === 'seed' ||
      node.resource_type === 'snapshot' ||
      (node.resource_type === 'model' && materialized !== 'ephemeral') ||
      (node.resource_type === 'test' && this.testStoresFailures(cfg['store_failures']));
    node.relation_name = relational ? nodeRelation(node, this.core.quotePolicy).render() : null;
  }

  // dbt's should_store_failures for naming a test's relation: a store_failures config that is
  // set and true, else the --store-failures flag (so `test --store-failures` names the audit table
  // in the manifest and run results, and the summary points at it).
  private testStoresFailures(configured: unknown): boolean {
    return configured === true || this.core.flags['STORE_FAILURES'] === true;
  }

  private generate(component: Component, custom: string | null, node: CompiledNode, manifest: Manifest): string {
    if (this.isBuiltin(component, node.package_name)) return this.builtin(component, custom, node);
    const macroName = `generate_${component}_name`;
    const root = this.core.rootPackage;
    const pkg = this.core.registry.get(root, macroName) ? root : this.core.registry.get(node.package_name, macroName) ? node.package_name : GLOBAL_PACKAGE;
    const st = this.core.newState(node, 'parse', manifest);
    st.requireVars = true;
    // dbt calls the macro in a MacroContext of its own: the node is its argument, there is no
    // `this`, `model` is the macro itself, and config.get() answers its default (a macro has no config).
    st.macroContext = true;
    st.config = {};
    const own = manifest.macros[`macro.${manifestMacroPackage(pkg, macroName)}.${macroName}`];
    setMacroModel(st, own, this.core.options.runStartedAt);
    const macro = st.macro(pkg, macroName);
    if (!macro) return this.builtin(component, custom, node);
    try {
      return pyStr(macro(custom, node)).trim();
    } catch (error) {
      // dbt runs the macro in a context of its own, whose model is the macro: its error ends the parse, as dbt reports it
      nameMacroFiles(error, manifest);
      if (own && hasMacroChain(error)) error.diagnostic.text = operationReport(error, own);
      throw error;
    }
  }

  private isBuiltin(component: Component, packageName: string): boolean {
    // By component, then package: three lookups per node, no key string built for each.
    let byPackage = this.builtinFor.get(component);
    if (!byPackage) this.builtinFor.set(component, (byPackage = new Map()));
    let yes = byPackage.get(packageName);
    if (yes === undefined) {
      const reg = this.core.registry;
      const root = this.core.rootPackage;
      const name = `generate_${component}_name`;
      const dispatched = this.core.prefixes.map((p) => `${p}__${name}`);
      const dbtOrder = (this.core.project.project.dispatch ?? []).some((d) => d.macro_namespace === GLOBAL_PACKAGE);
      yes =
        !dbtOrder &&
        !reg.get(root, name) &&
        !reg.get(packageName, name) &&
        !dispatched.some((d) => reg.get(root, d)) &&
        Boolean(reg.get(GLOBAL_PACKAGE, name)) &&
        // the built-in dispatch target must be ours, not replaced in the global package
        !dispatched.slice(0, -1).some((d) => reg.get(GLOBAL_PACKAGE, d));
      byPackage.set(packageName, yes);
    }
    return yes;
  }

  // The same rules as include/global_project/macros/get_custom_name/*.sql.
  private builtin(component: Component, custom: string | null, node: CompiledNode): string {
    const target = this.core.project.target;
    if (component === 'database') return custom === null ? String(target.database) : custom.trim();
    if (component === 'schema') return custom === null ? String(target.schema) : `${target.schema}_${custom.trim()}`;
    if (custom) return custom.trim();
    if (node.version !== null && node.version !== undefined && node.version !== '') return `${node.name}_v${String(node.version).split('.').join('_')}`;
    return node.name;
  }
}

function emptyToNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
