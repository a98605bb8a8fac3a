// Draws the lineage graph on a canvas: fast at thousands of nodes, with zoom, pan and selection.
import { NODE_H, NODE_W, type Layout } from './geometry.js';
import type { LineageNode } from './select.js';

/** Callbacks from the view. */
export interface CanvasViewEvents {
  onSelect(id: string | undefined): void;
  onOpen(id: string): void;
}

const TYPE_VARS: Record<string, string> = {
  model: '--type-model',
  source: '--type-source',
  seed: '--type-seed',
  snapshot: '--type-snapshot',
  exposure: '--type-exposure',
};

/** A pannable, zoomable canvas drawing of a laid-out graph. */
export class CanvasView {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private nodes: LineageNode[] = [];
  private byId = new Map<string, LineageNode>();
  private edges: [string, string][] = [];
  private layout: Layout = { pos: new Map(), width: 0, height: 0 };
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private selected: string | undefined;
  private hovered: string | undefined;
  private lit: Set<string> | undefined;
  private frame = 0;
  private colors: Record<string, string> = {};
  private readonly resizeObserver: ResizeObserver;
  /** Frames painted and the time the last one took (read by the lineage benchmark). */
  readonly stats = { paints: 0, lastPaintMs: 0, totalPaintMs: 0 };

  constructor(
    private readonly container: HTMLElement,
    private readonly events: CanvasViewEvents,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'lineage-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Lineage graph');
    container.appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.bindInput();
    this.readColors();
  }

  /** Replaces the graph and fits it in view. */
  setGraph(nodes: LineageNode[], edges: [string, string][], layout: Layout): void {
    this.nodes = nodes;
    this.byId = new Map(nodes.map((n) => [n.id, n]));
    this.edges = edges;
    this.layout = layout;
    if (this.selected && !this.byId.has(this.selected)) this.select(undefined);
    this.fit();
  }

  /** Highlights a node and its whole lineage (or clears with undefined). */
  select(id: string | undefined, lit?: Set<string>): void {
    this.selected = id;
    this.lit = lit;
    this.draw();
  }

  /** Zooms and pans so the whole graph is visible. */
  fit(): void {
    const w = this.container.clientWidth || 800;
    const h = this.container.clientHeight || 600;
    const s = Math.min(w / Math.max(1, this.layout.width), h / Math.max(1, this.layout.height), 1.4);
    this.scale = Math.max(0.02, s);
    this.tx = (w - this.layout.width * this.scale) / 2;
    this.ty = (h - this.layout.height * this.scale) / 2;
    this.draw();
  }

  /** Centers a node on screen at a readable zoom. */
  focus(id: string): void {
    const p = this.layout.pos.get(id);
    if (!p) return;
    this.scale = Math.max(this.scale, 0.9);
    this.tx = this.container.clientWidth / 2 - (p.x + NODE_W / 2) * this.scale;
    this.ty = this.container.clientHeight / 2 - (p.y + NODE_H / 2) * this.scale;
    this.draw();
  }

  /** Zooms by a factor around the view's centre. */
  zoomBy(factor: number): void {
    this.zoomAt(this.container.clientWidth / 2, this.container.clientHeight / 2, factor);
  }

  /** Where a node's centre is on the page (for keyboard users' focus rings and for tests). */
  clientPositionOf(id: string): { x: number; y: number } | undefined {
    const p = this.layout.pos.get(id);
    if (!p) return undefined;
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + this.tx + (p.x + NODE_W / 2) * this.scale, y: rect.top + this.ty + (p.y + NODE_H / 2) * this.scale };
  }

  /** Re-reads theme colours and redraws. */
  readColors(): void {
    const css = getComputedStyle(document.documentElement);
    const get = (v: string): string => css.getPropertyValue(v).trim();
    this.colors = {
      text: get('--text'),
      muted: get('--text-muted'),
      surface: get('--surface'),
      border: get('--border-strong'),
      edge: get('--edge'),
      accent: get('--accent'),
      bad: get('--bad'),
      font: get('--font-sans'),
    };
    for (const [type, v] of Object.entries(TYPE_VARS)) this.colors[type] = get(v);
    this.draw();
  }

  /** Stops observing the container. */
  destroy(): void {
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    this.canvas.width = Math.max(1, Math.floor(w * dpr));
    this.canvas.height = Math.max(1, Math.floor(h * dpr));
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.draw();
  }

  private zoomAt(x: number, y: number, factor: number): void {
    const next = Math.min(3, Math.max(0.02, this.scale * factor));
    const k = next / this.scale;
    this.tx = x - (x - this.tx) * k;
    this.ty = y - (y - this.ty) * k;
    this.scale = next;
    this.draw();
  }

  private hit(clientX: number, clientY: number): string | undefined {
    const rect = this.canvas.getBoundingClientRect();
    const gx = (clientX - rect.left - this.tx) / this.scale;
    const gy = (clientY - rect.top - this.ty) / this.scale;
    for (const n of this.nodes) {
      const p = this.layout.pos.get(n.id);
      if (p && gx >= p.x && gx <= p.x + NODE_W && gy >= p.y && gy <= p.y + NODE_H) return n.id;
    }
    return undefined;
  }

  private bindInput(): void {
    const c = this.canvas;
    let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = c.getBoundingClientRect();
      this.zoomAt(e.clientX - rect.left, e.clientY - rect.top, Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)));
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      if (drag) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        this.tx = drag.tx + dx;
        this.ty = drag.ty + dy;
        this.draw();
        return;
      }
      const over = this.hit(e.clientX, e.clientY);
      if (over !== this.hovered) {
        this.hovered = over;
        c.style.cursor = over ? 'pointer' : 'grab';
        this.draw();
      }
    });
    c.addEventListener('pointerup', (e) => {
      const wasDrag = drag?.moved;
      drag = undefined;
      if (wasDrag) return;
      this.events.onSelect(this.hit(e.clientX, e.clientY));
    });
    c.addEventListener('dblclick', (e) => {
      const id = this.hit(e.clientX, e.clientY);
      if (id) this.events.onOpen(id);
    });
    c.addEventListener('keydown', (e) => {
      if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
      else if (e.key === '-') this.zoomBy(0.8);
      else if (e.key === '0') this.fit();
      else if (e.key === 'Enter' && this.selected) this.events.onOpen(this.selected);
      else if (e.key.startsWith('Arrow')) {
        const d = 40;
        if (e.key === 'ArrowLeft') this.tx += d;
        if (e.key === 'ArrowRight') this.tx -= d;
        if (e.key === 'ArrowUp') this.ty += d;
        if (e.key === 'ArrowDown') this.ty -= d;
        this.draw();
      } else return;
      e.preventDefault();
    });
  }

  private draw(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.paint());
  }

  private paint(): void {
    const started = performance.now();
    this.paintGraph();
    const ms = performance.now() - started;
    this.stats.paints += 1;
    this.stats.lastPaintMs = ms;
    this.stats.totalPaintMs += ms;
  }

  private paintGraph(): void {
    const ctx = this.ctx;
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.width / dpr;
    const h = this.canvas.height / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr * this.scale, 0, 0, dpr * this.scale, dpr * this.tx, dpr * this.ty);
    const view = { x0: -this.tx / this.scale, y0: -this.ty / this.scale, x1: (w - this.tx) / this.scale, y1: (h - this.ty) / this.scale };
    const visible = (x: number, y: number): boolean => x + NODE_W >= view.x0 && x <= view.x1 && y + NODE_H >= view.y0 && y <= view.y1;
    const lit = this.lit;
    // Edges: dim ones first, lit ones on top.
    for (const pass of [false, true]) {
      ctx.beginPath();
      for (const [a, b] of this.edges) {
        const on = lit !== undefined && lit.has(a) && lit.has(b);
        if (on !== pass) continue;
        const p = this.layout.pos.get(a);
        const q = this.layout.pos.get(b);
        if (!p || !q) continue;
        const x0 = p.x + NODE_W;
        const y0 = p.y + NODE_H / 2;
        const x1 = q.x;
        const y1 = q.y + NODE_H / 2;
        if (Math.max(x0, x1) < view.x0 || Math.min(x0, x1) > view.x1 || Math.max(y0, y1) < view.y0 || Math.min(y0, y1) > view.y1) continue;
        const mx = (x0 + x1) / 2;
        ctx.moveTo(x0, y0);
        ctx.bezierCurveTo(mx, y0, mx, y1, x1, y1);
      }
      ctx.strokeStyle = pass ? this.colors.accent! : this.colors.edge!;
      ctx.globalAlpha = pass ? 0.9 : lit ? 0.25 : 0.7;
      ctx.lineWidth = (pass ? 2 : 1.2) / Math.max(this.scale, 0.5);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const detailed = this.scale >= 0.35;
    ctx.font = `500 13px ${this.colors.font || 'sans-serif'}`;
    ctx.textBaseline = 'middle';
    for (const n of this.nodes) {
      const p = this.layout.pos.get(n.id);
      if (!p || !visible(p.x, p.y)) continue;
      const dim = lit !== undefined && !lit.has(n.id);
      const color = this.colors[n.type] ?? this.colors.muted!;
      ctx.globalAlpha = dim ? 0.28 : 1;
      if (!detailed) {
        ctx.fillStyle = color;
        ctx.fillRect(p.x, p.y, NODE_W, NODE_H);
        continue;
      }
      ctx.beginPath();
      ctx.roundRect(p.x, p.y, NODE_W, NODE_H, 6);
      ctx.fillStyle = this.colors.surface!;
      ctx.fill();
      const focused = n.id === this.selected || n.id === this.hovered;
      ctx.lineWidth = focused ? 2.5 : 1;
      ctx.strokeStyle = n.id === this.selected ? this.colors.accent! : n.status === 'error' || n.status === 'fail' ? this.colors.bad! : focused ? color : this.colors.border!;
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.roundRect(p.x, p.y, 6, NODE_H, [6, 0, 0, 6]);
      ctx.fill();
      ctx.fillStyle = this.colors.text!;
      ctx.fillText(fitText(ctx, n.name, NODE_W - 22), p.x + 14, p.y + NODE_H / 2 + 1);
    }
    ctx.globalAlpha = 1;
  }
}

const fitCache = new Map<string, string>();
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  const cached = fitCache.get(text);
  if (cached !== undefined) return cached;
  let t = text;
  if (ctx.measureText(t).width > width) {
    while (t.length > 1 && ctx.measureText(`${t}…`).width > width) t = t.slice(0, -1);
    t = `${t}…`;
  }
  if (fitCache.size > 20_000) fitCache.clear();
  fitCache.set(text, t);
  return t;
}
