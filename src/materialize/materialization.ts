import type { SqlRunner } from './sql-runner.js';
import type { BuildOutcome, MaterializeContext } from './types.js';

/** One materialization (view, table, seed, test...), keyed by `config.materialized` in the registry. */
export interface Materialization {
  readonly name: string;
  /** Runs the node's statements through `runner`; warehouse failures throw WarehouseError. */
  build(ctx: MaterializeContext, runner: SqlRunner): Promise<BuildOutcome>;
}
