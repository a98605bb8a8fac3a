// model.primary_key for a render: the key manifest.json gives the model, with its attached
// generic tests gathered once per manifest rather than at every render.
import type { CompiledNode, Manifest } from '../../project/types.js';
import { attachedGenericTests, inferredPrimaryKey } from './primary-key.js';

const testsByManifest = new WeakMap<Manifest, Map<string, CompiledNode[]>>();

/** The model's primary key as dbt infers it from its constraints and attached tests. */
export function modelPrimaryKey(model: CompiledNode, manifest: Manifest): string[] {
  let tests = testsByManifest.get(manifest);
  if (!tests) testsByManifest.set(manifest, (tests = attachedGenericTests(manifest)));
  return inferredPrimaryKey(model, tests.get(model.unique_id) ?? []);
}
