// One self-contained HTML file of the docs site: the built web app's page with its script,
// style sheet, icon and layout worker inlined, and the API answers embedded as JSON, so it
// opens from disk or any static host with no Reelhouse server.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { userError, type ReelhouseError } from '../../core/diagnostic.js';
import type { StaticAnswers } from './static-answers.js';

/** Element ids the browser app reads the embedded data from (src/web/embedded.ts). */
export const STATIC_IDS = { answers: 'reelhouse-static-answers', worker: 'reelhouse-layout-worker' } as const;

/** Builds the page from the built app in `assetsDir` (dist/web) and the answers. */
export async function renderStaticPage(assetsDir: string, answers: StaticAnswers, title: string): Promise<string | ReelhouseError> {
  const files = ['index.html', 'app.js', 'app.css', 'layout-worker.js', 'favicon.svg'] as const;
  const read: Record<string, string> = {};
  for (const name of files) {
    try {
      read[name] = await readFile(join(assetsDir, name), 'utf8');
    } catch {
      return userError('docs-static-assets-missing', `The built web app has no ${name}`, { file: join(assetsDir, name) }, 'Build it with `node scripts/build-web.mjs` (or `npm run build`).');
    }
  }
  let html = read['index.html']!;
  const swaps: [RegExp, string][] = [
    [/<link rel="icon"[^>]*>/, `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml;base64,${Buffer.from(read['favicon.svg']!).toString('base64')}" />`],
    [/<link rel="stylesheet"[^>]*>/, `<style>${escapeRawText(read['app.css']!, 'style')}</style>`],
    [
      /<script type="module" src="app\.js"><\/script>/,
      [
        `<script type="application/octet-stream" id="${STATIC_IDS.answers}" data-encoding="gzip+base64">${encodeAnswers(answers)}</script>`,
        `<script type="application/json" id="${STATIC_IDS.worker}">${jsonInHtml(read['layout-worker.js'])}</script>`,
        `<script type="module">${escapeRawText(read['app.js']!, 'script')}</script>`,
      ].join('\n    '),
    ],
    [/<title>[^<]*<\/title>/, `<title>${escapeText(title)}</title>`],
  ];
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(html)) {
      return userError('docs-static-template', `The web app's index.html has no tag matching ${pattern.source}`, { file: join(assetsDir, 'index.html') });
    }
    // A function, so `$` in the inlined code is not read as a replacement pattern.
    html = html.replace(pattern, () => replacement);
  }
  return html;
}

/**
 * The answers as gzip in base64: node pages repeat their neighbours' names, configs and tests,
 * and compression stores each repeat once (a 1,000-model project's answers shrink about 25 times).
 */
function encodeAnswers(answers: StaticAnswers): string {
  return gzipSync(JSON.stringify(answers), { level: 9 }).toString('base64');
}

/** Reads the answers back out of a written page (for checks of the site), or undefined when it has none. */
export function readStaticAnswers(html: string): StaticAnswers | undefined {
  const m = new RegExp(`<script type="application/octet-stream" id="${STATIC_IDS.answers}" data-encoding="gzip\\+base64">([A-Za-z0-9+/=]*)</script>`).exec(html);
  return m ? (JSON.parse(gunzipSync(Buffer.from(m[1]!, 'base64')).toString('utf8')) as StaticAnswers) : undefined;
}

/** JSON that cannot end its script element early: `<` is written as a JSON escape. */
function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Code inlined in a raw-text element: `</script` (or `</style`) would end it, so the slash is
 * escaped, which means the same inside JS strings, regexps, templates and CSS strings.
 */
function escapeRawText(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`<(/${tag})`, 'gi'), '<\\$1');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
