// Web Worker entry (bundled as dist/web/layout-worker.js): runs the dagre layout off the main
// thread so the page stays responsive while a large project is laid out.
import { layoutGraph } from './layout.js';
import type { LayoutRequest, LayoutResponse } from './layout-protocol.js';

const scope = self as unknown as { onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null; postMessage(m: LayoutResponse): void };

scope.onmessage = (e) => {
  const { seq, ids, edges } = e.data;
  try {
    const started = performance.now();
    const layout = layoutGraph(ids, edges);
    const pos: [string, number, number][] = [];
    for (const [id, p] of layout.pos) pos.push([id, p.x, p.y]);
    scope.postMessage({ seq, pos, width: layout.width, height: layout.height, ms: performance.now() - started });
  } catch (err) {
    scope.postMessage({ seq, error: err instanceof Error ? err.message : String(err) });
  }
};
