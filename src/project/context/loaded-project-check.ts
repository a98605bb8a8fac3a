// Compile-time check that the loader's LoadedProject fits what the renderer reads.
import type { LoadedProject } from '../load/load-types.js';
import type { RendererProject } from './project-shape.js';

/** Identity, typed so that a LoadedProject is accepted where a RendererProject is expected. */
export function asRendererProject(loaded: LoadedProject): RendererProject {
  return loaded;
}
