// What a generic test's macro is, looked up once per project rather than on every test: whether
// it exists at all (a typo in YAML is said as such), and whether it is dbt's own not_null or
// unique, which dbt's parser does not render.
import { userError } from '../../core/diagnostic.js';
import { closestMatch } from '../../core/did-you-mean.js';
import type { CompiledNode } from '../types.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import { dbtTestSql, type DbtTestName } from './dbt-test-sql.js';

// A generic test's code when its YAML entry has no config: the test macro called with the kwargs.
const PLAIN_CODE: Record<DbtTestName, string> = {
  unique: '{{ test_unique(**_dbt_generic_test_kwargs) }}',
  not_null: '{{ test_not_null(**_dbt_generic_test_kwargs) }}',
};

/** The generic test macros of one project, as the renderer asks about them. */
export class GenericTestMacros {
  /** Generic test macros found to exist. */
  private readonly known = new Set<string>();
  /** Whether test_not_null / test_unique are dbt's own (no project or package defines its own). */
  private readonly builtin = new Map<string, boolean>();

  /** Whether a chain of macros is dbt's own in this project, by the chain's entry macro. */
  private readonly dbtChains = new Map<string, boolean>();

  constructor(private readonly core: RenderCore) {}

  /**
   * Whether `get_where_subquery(...)` runs dbt's own macros: no project or package defines
   * get_where_subquery or the macro its dispatch finds, and the names its body reads (adapter,
   * config) are the context's own. dbt's `model` argument of every generic test is then worked
   * out directly (dbt-test-sql.ts) rather than rendered.
   */
  whereSubqueryIsDbts(): boolean {
    return this.dbtChain('get_where_subquery', ['adapter', 'config']);
  }

  /**
   * The SQL of a not_null or unique test whose macros are all dbt's own (test_<name>, the
   * default__test_<name> its dispatch finds, and for not_null should_store_failures), written
   * without rendering them; undefined when the test is anything else and must be rendered: a
   * test with config in its code, a namespace, other arguments, or any macro of the chain
   * defined by the project or a package.
   */
  dbtSql(node: CompiledNode, st: RenderState, kwargs: Record<string, unknown>): string | undefined {
    const meta = node.test_metadata;
    if (!meta || meta.namespace || (meta.name !== 'unique' && meta.name !== 'not_null')) return undefined;
    const name: DbtTestName = meta.name;
    if (node.raw_code !== PLAIN_CODE[name]) return undefined;
    const own = name === 'unique' ? this.dbtChain('test_unique', ['adapter']) : this.dbtChain('test_not_null', ['adapter', 'should_store_failures', 'config', 'flags']);
    return own ? dbtTestSql(st, name, kwargs, this.core.flags) : undefined;
  }

  /**
   * Whether macro `entry`, the macro `adapter.dispatch(entry, 'dbt')` finds (which must be dbt's
   * default__<entry>) and the context names they read resolve to dbt's own in every render: no
   * project or package defines a macro of those names (or is named so), and the dispatch
   * config does not send namespace dbt elsewhere. `reads` are the names the macros look up;
   * dbt's own macros among them (should_store_failures) must be dbt's alone too.
   */
  private dbtChain(entry: string, reads: readonly string[]): boolean {
    let own = this.dbtChains.get(entry);
    if (own !== undefined) return own;
    const { registry } = this.core;
    const packages = new Set([...registry.packageNames(), ...this.core.project.packages.map((p) => p.name)]);
    // Only dbt (if anyone) defines the name, and no package namespace shadows it.
    const dbtAlone = (name: string): boolean => !packages.has(name) && [...packages].every((pkg) => pkg === GLOBAL_PACKAGE || !registry.get(pkg, name));
    const target = this.core.dispatchTarget(entry, GLOBAL_PACKAGE);
    own =
      registry.get(GLOBAL_PACKAGE, entry) !== undefined &&
      dbtAlone(entry) &&
      target !== undefined &&
      target[0] === GLOBAL_PACKAGE &&
      target[1] === `default__${entry}` &&
      reads.every(dbtAlone);
    this.dbtChains.set(entry, own);
    return own;
  }

  /**
   * dbt's shortcut for its two most common tests: a not_null or unique test whose macro is dbt's
   * own is not rendered at parse. Its ref or source and its YAML config were read with the
   * entry, and the macro is its one macro dependency, as in dbt's manifest. A project or
   * package that defines its own test_not_null / test_unique has it rendered as any test.
   * Returns whether the node was parsed so.
   */
  parsedAsBuiltin(node: CompiledNode): boolean {
    const meta = node.test_metadata;
    if (node.resource_type !== 'test' || !meta || meta.namespace || (meta.name !== 'not_null' && meta.name !== 'unique')) return false;
    const macroName = `test_${meta.name}`;
    let builtin = this.builtin.get(macroName);
    if (builtin === undefined) {
      const owners = this.core.registry.packageNames().filter((pkg) => this.core.registry.get(pkg, macroName));
      builtin = owners.length === 1 && owners[0] === GLOBAL_PACKAGE;
      this.builtin.set(macroName, builtin);
    }
    if (!builtin) return false;
    const id = `macro.${GLOBAL_PACKAGE}.${macroName}`;
    if (!node.depends_on.macros.includes(id)) node.depends_on = { ...node.depends_on, macros: [...node.depends_on.macros, id] };
    return true;
  }

  /**
   * A YAML test whose name matches no `test_<name>` macro in any package is a typo or a missing
   * package: said as such, at the YAML line, rather than as the undefined name of the generated call.
   */
  assertExists(node: CompiledNode, macroName: string): void {
    if (this.known.has(macroName)) return;
    const { registry } = this.core;
    const packages = registry.packageNames();
    if (packages.some((pkg) => registry.get(pkg, macroName))) {
      this.known.add(macroName);
      return;
    }
    const name = node.test_metadata!.name;
    const known = new Set<string>();
    for (const pkg of packages) for (const m of registry.byPackage.get(pkg)?.keys() ?? []) if (m.startsWith('test_')) known.add(m.slice(5));
    const guess = closestMatch(name, known);
    const on = node.column_name ? `column '${node.column_name}' of ` : '';
    const target = node.attached_node ? node.attached_node.split('.').slice(2).join('.') : node.name;
    throw userError(
      'test-not-found',
      `Unknown generic test '${name}' on ${on}'${target}'${guess ? `: did you mean '${guess}'?` : '.'}`,
      node.origin.line === undefined ? { file: node.origin.file } : { file: node.origin.file, line: node.origin.line },
      `Fix the name, define it with {% test ${name}(model, column_name) %} ... {% endtest %} under tests/generic/ or macros/, or add the package that provides it to packages.yml and run \`reelhouse deps\`.`,
    );
  }
}

/**
 * The macros a rendered node called, as its depends_on.macros: a generic test's own test macro
 * first (dbt's parser adds it before rendering the test's arguments), then the rest in call order.
 */
export function testMacroFirst(node: CompiledNode, called: Iterable<string>): string[] {
  const list = [...called];
  const meta = node.test_metadata;
  if (node.resource_type !== 'test' || !meta) return list;
  const suffix = `.test_${meta.name}`;
  const at = list.findIndex((id) => id.endsWith(suffix) && (!meta.namespace || id.startsWith(`macro.${meta.namespace}.`)));
  if (at > 0) list.unshift(...list.splice(at, 1));
  return list;
}
