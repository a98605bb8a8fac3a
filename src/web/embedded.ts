// The static docs site (`reelhouse docs generate` writes target/index.html): API answers and the
// layout worker's code embedded in the page, read here instead of asking a server.

/** Ids of the embedded elements; the generator writes them (src/server/docs/static-page.ts). */
const ANSWERS_ID = 'reelhouse-static-answers';
const WORKER_ID = 'reelhouse-layout-worker';

let answers: Promise<Map<string, unknown>> | undefined;

function readJson(id: string): unknown {
  const el = document.getElementById(id);
  return el ? (JSON.parse(el.textContent ?? 'null') as unknown) : undefined;
}

/** True in the static docs site: requests read the page, and pages that need a live server say so. */
export function isStaticSite(): boolean {
  return document.getElementById(ANSWERS_ID) !== null;
}

/** The embedded answers by API path (decoded once), or null when a Reelhouse server serves the page. */
export function embeddedAnswers(): Promise<Map<string, unknown>> | null {
  const el = document.getElementById(ANSWERS_ID);
  if (!el) return null;
  answers ??= decode(el.textContent ?? '').then((data) => new Map(Object.entries(data as Record<string, unknown>)));
  return answers;
}

/** gzip in base64 (src/server/docs/static-page.ts) back to JSON, with the browser's own decompressor. */
async function decode(base64: string): Promise<unknown> {
  const binary = atob(base64.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (typeof DecompressionStream === 'undefined') throw new Error('This browser cannot read the docs: it has no DecompressionStream (use a current Chrome, Edge, Firefox or Safari).');
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).json();
}

/** The layout worker's code when the page carries it (a file:// page cannot load a worker file). */
export function embeddedWorkerCode(): string | undefined {
  const code = readJson(WORKER_ID);
  return typeof code === 'string' ? code : undefined;
}

/** What a page that needs the server says in the static site. */
export const NEEDS_SERVER = 'This page needs a running Reelhouse server: start `reelhouse docs serve` (or `reelhouse serve`) in the project.';
