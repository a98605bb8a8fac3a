// dbt's `graph` context variable (its manifest's flat_graph): every node, source, exposure,
// metric, group, semantic model, saved query and unit test as dbt's to_dict writes it, so the
// packages that walk it (dbt_project_evaluator, dbt_artifacts, elementary) read the same fields
// and values as in manifest.json.
import { epochSeconds } from '../../core/clock.js';
import type { CompiledNode, Manifest } from '../../project/types.js';
import { manifestNodesJson, nodeJson, semanticLayerJson } from './manifest-json.js';
import { exposureJson, mapValues, sourceJson } from './resource-json.js';
import { groupJson } from './semantic-layer-json.js';
import { unitTestJson } from './unit-test-json.js';

type Json = Record<string, unknown>;

// One graph per manifest (and per nodes object, which a re-link replaces): dbt builds its flat
// graph once after parsing and every render shares it, so a large project shapes its nodes once.
const built = new WeakMap<Manifest, { nodes: object; graph: Json }>();

/** The `graph` templates see while executing: built once per manifest, shared by every render. */
export function flatGraph(manifest: Manifest): Json {
  const cached = built.get(manifest);
  if (cached && cached.nodes === manifest.nodes) return cached.graph;
  const createdAt = epochSeconds();
  const graph: Json = {
    exposures: mapValues(manifest.exposures, (e) => exposureJson(e, createdAt)),
    groups: mapValues(manifest.groups ?? {}, groupJson),
    metrics: mapValues(manifest.metrics ?? {}, semanticLayerJson),
    nodes: manifestNodesJson(manifest, createdAt, undefined, graphNodeJson),
    sources: mapValues(manifest.sources, (s) => sourceJson(s, createdAt)),
    semantic_models: mapValues(manifest.semantic_models ?? {}, (x) => semanticLayerJson(x, manifest)),
    saved_queries: mapValues(manifest.saved_queries ?? {}, semanticLayerJson),
    unit_tests: mapValues(manifest.unit_tests, (u) => unitTestJson(u, createdAt, manifest)),
  };
  built.set(manifest, { nodes: manifest.nodes, graph });
  return graph;
}

/**
 * A node as dbt's flat graph holds it: built right after parsing, so nothing in it is compiled
 * yet; unlike manifest.json, its deprecation date is the date as written (`2026-11-01`) and its
 * contract has no checksum key.
 */
function graphNodeJson(node: CompiledNode, createdAt: number, tests?: Map<string, CompiledNode[]>): Json {
  const out = nodeJson(node, createdAt, tests, false);
  if ('compiled' in out) {
    delete out['compiled'];
    delete out['compiled_code'];
    delete out['extra_ctes_injected'];
    delete out['extra_ctes'];
  }
  if ('deprecation_date' in out) out['deprecation_date'] = node.deprecation_date ?? null;
  const contract = out['contract'] as Json | undefined;
  if (contract) delete contract['checksum'];
  return out;
}
