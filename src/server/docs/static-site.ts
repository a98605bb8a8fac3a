// Writes the static docs site of `docs generate`: target/index.html (and, with --static,
// the same file as target/static_index.html, dbt's name).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReelhouseError, type ReelhouseError } from '../../core/diagnostic.js';
import { defaultAssetsDir } from '../http/static-files.js';
import type { WebAppHandler } from '../web-app.js';
import { collectStaticAnswers } from './static-answers.js';
import { renderStaticPage } from './static-page.js';

/** What to write the static site from and where. */
export interface StaticSiteOptions {
  /** The web app of the project, reading the artifacts just written to targetDir. */
  handler: WebAppHandler;
  targetDir: string;
  projectName: string;
  /** Also write static_index.html (`docs generate --static`). */
  alsoStaticIndex?: boolean;
  /** Folder of the built browser app; default: the package's dist/web. */
  assetsDir?: string;
  apiPrefix?: string;
}

/** The files written and their size. */
export interface StaticSite {
  files: string[];
  bytes: number;
  /** How many node pages the site holds. */
  pages: number;
}

/** Writes the self-contained docs page(s) into the target folder. */
export async function writeStaticSite(options: StaticSiteOptions): Promise<StaticSite | ReelhouseError> {
  const answers = await collectStaticAnswers(options.handler, { targetDir: options.targetDir, ...(options.apiPrefix ? { apiPrefix: options.apiPrefix } : {}) });
  if (isReelhouseError(answers)) return answers;
  const html = await renderStaticPage(options.assetsDir ?? defaultAssetsDir(), answers, `${options.projectName} · Reelhouse docs`);
  if (isReelhouseError(html)) return html;
  const files = [join(options.targetDir, 'index.html')];
  if (options.alsoStaticIndex) files.push(join(options.targetDir, 'static_index.html'));
  for (const file of files) await writeFile(file, html);
  return { files, bytes: Buffer.byteLength(html), pages: Object.keys(answers).filter((k) => k.startsWith('/docs/nodes/')).length };
}
