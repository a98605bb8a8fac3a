// Sizes and the layout shape shared by the layout worker and the canvas (no dagre import here,
// so the main bundle does not carry the layout library).

/** Size of a node box in graph units. */
export const NODE_W = 190;
export const NODE_H = 34;

/** Where each node's box sits (top-left corner). */
export interface Layout {
  pos: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
}
