// Older names every dbt render context still holds for members it also gives under their
// current names: `env` is `target`, and `column` is the adapter's Column class (`api.Column`).
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';

type Member = (core: RenderCore, state: RenderState) => unknown;

/** The members, by name. */
export const ALIAS_MEMBERS: Record<string, Member> = {
  // The same object as the render's `target` (dbt returns self.target for both).
  env: (_core, st) => st.ctx['target'],
  column: (_core, st) => (st.ctx['api'] as { Column: unknown }).Column,
};
