// Messages between the lineage page and the layout worker.

/** A graph to lay out; `seq` pairs the answer with its request. */
export interface LayoutRequest {
  seq: number;
  ids: string[];
  edges: [string, string][];
}

/** The layout as flat tuples (cheap to clone across threads), or the error that stopped it. */
export type LayoutResponse =
  | { seq: number; pos: [string, number, number][]; width: number; height: number; ms: number }
  | { seq: number; error: string };
