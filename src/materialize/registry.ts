import type { Materialization } from './materialization.js';
import { externalMaterialization } from './external.js';
import { incrementalMaterialization } from './incremental.js';
import { seedMaterialization } from './seed.js';
import { snapshotMaterialization } from './snapshot.js';
import { tableMaterialization } from './table.js';
import { parameterizedViewMaterialization, tableFunctionMaterialization } from './table-function.js';
import { testMaterialization } from './test-node.js';
import { viewMaterialization } from './view.js';

/** Every materialization Reelhouse runs, keyed by `config.materialized`. */
export const materializations: Record<string, Materialization> = {
  view: viewMaterialization,
  table: tableMaterialization,
  seed: seedMaterialization,
  test: testMaterialization,
  incremental: incrementalMaterialization,
  snapshot: snapshotMaterialization,
  external: externalMaterialization,
  table_function: tableFunctionMaterialization,
  parameterized_view: parameterizedViewMaterialization,
};
