// The macros a macro may call, read from its source without running it, as dbt's manifest
// loader fills each macro's depends_on.macros (statically_extract_macro_calls): every call of a
// plain name or of `package.name`, and for `adapter.dispatch('x', 'ns')` the name and the
// implementation dispatch finds. A node lists only the macros it calls itself; state:modified
// follows these lists to reach the macros they call in turn.
import type { StaticCall } from '../../templating/index.js';
import type { Manifest } from '../types.js';
import type { RenderCore } from './render-core.js';

// dbt skips its standard calls and names its macro context defines itself.
const NOT_MACROS = new Set([
  'source', 'ref', 'config', 'return', 'log', 'print', 'var', 'env_var', 'fromjson', 'tojson', 'fromyaml', 'toyaml',
  'set', 'set_strict', 'zip', 'zip_strict', 'diff_of_two_dicts', 'local_md5', 'exceptions', 'modules',
]);

/** Fills depends_on.macros of every macro in `manifest` from the calls in its source. */
export function fillMacroDependencies(core: RenderCore, manifest: Manifest): void {
  for (const macro of Object.values(manifest.macros)) {
    const pkg = core.registryPackage(macro.package_name);
    const deps: string[] = [];
    const add = (id: string | undefined) => {
      if (id !== undefined && !deps.includes(id)) deps.push(id);
    };
    for (const name of possibleMacroCalls(core, core.registry.callsOf(pkg, macro.name))) {
      const dot = name.indexOf('.');
      const [owner, bare] = dot < 0 ? [macro.package_name, name] : [name.slice(0, dot), name.slice(dot + 1)];
      // a dispatch names the macro itself; dbt skips that name
      if (bare !== macro.name) add(core.macroIdFor(owner, bare));
    }
    macro.depends_on = { ...macro.depends_on, macros: deps };
  }
}

// dbt's statically_extract_macro_calls: `name(...)` and `pkg.name(...)`, each once; for
// adapter.dispatch, the macro name (from its constant argument) and `package.name` of the
// implementation dispatch finds; other adapter methods are not macros.
function possibleMacroCalls(core: RenderCore, calls: readonly StaticCall[]): string[] {
  const out: string[] = [];
  for (const call of calls) {
    const [head, attr] = call.path as [string, string | undefined];
    if (attr === undefined || head !== 'adapter') {
      const name = attr === undefined ? head : `${head}.${attr}`;
      if (!NOT_MACROS.has(head) && !out.includes(name)) out.push(name);
      continue;
    }
    if (attr !== 'dispatch') continue;
    const name = call.kwargs['macro_name'] ?? call.args[0] ?? null;
    if (name === null) continue;
    out.push(name);
    const namespace = 'macro_namespace' in call.kwargs ? call.kwargs['macro_namespace']! : (call.args[1] ?? null);
    const target = core.dispatchTarget(name, namespace);
    if (target) out.push(`${target[0]}.${target[1]}`);
  }
  return out;
}
