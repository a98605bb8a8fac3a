// A unit test's `overrides: macros:` as dbt applies them to the render of the model under test.
import type { Macro } from '../../templating/index.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';
import type { RenderState } from './render-state.js';

/**
 * Replaces each overridden macro with one returning the given value, as dbt does: `name` in the
 * context (and dbt.name), `package.name` in that package's namespace (and the context too for
 * dbt.name). A context member that is not a macro (invocation_id, say) takes the value itself.
 */
export function overrideMacros(st: RenderState, macros: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(macros)) {
    const parts = key.split('.');
    const [pkg, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, key];
    if (pkg === null && name in st.ctx && typeof (st.ctx as Record<string, unknown>)[name] !== 'function') {
      Object.defineProperty(st.ctx, name, { value, enumerable: true, configurable: true });
      continue;
    }
    const fixed = Object.assign(() => value, { macroName: key }) as unknown as Macro;
    if (pkg === null || pkg === GLOBAL_PACKAGE) Object.defineProperty(st.ctx, name, { value: fixed, enumerable: true });
    let inPackage = st.macros.get(pkg ?? GLOBAL_PACKAGE);
    if (!inPackage) st.macros.set(pkg ?? GLOBAL_PACKAGE, (inPackage = new Map()));
    inPackage.set(name, fixed);
  }
}
