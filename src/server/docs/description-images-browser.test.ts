// End to end in Chromium: an image in a description (`![alt](assets/x.svg)`, a file of the
// project's asset-paths) shows on the model's docs page, in the static site opened from disk
// as in dbt's docs, which `docs generate` copies the assets beside.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';
import { ensureWebBuilt, launchChromium } from '../testing/browser.js';

// Callbacks given to page.evaluate run in the browser; Node's compiler has no DOM types for them.
declare const document: any;

let dir = '';
let browser: (BrowserContext & { cleanup(): Promise<void> }) | undefined;

before(async () => {
  ensureWebBuilt();
  dir = await newProject('gallery', "asset-paths: ['assets']\n");
  writeProjectFile(dir, 'models/frames.sql', 'select 1 as frame_id\n');
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: frames\n    description: \'Built from the feed. ![How frames flow](assets/flow.svg "Frame flow") See [the feed](https://example.com/feed).\'\n');
  writeProjectFile(dir, 'assets/flow.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="teal"/></svg>\n');
  const generated = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(generated.code, 0, generated.err);
  browser = await launchChromium();
});

after(async () => {
  await browser?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("shows a description's image from the asset paths, and keeps its links", async () => {
  const page = browser!.pages()[0] ?? (await browser!.newPage());
  await page.goto(`${pathToFileURL(join(dir, 'target', 'index.html')).href}#/docs/${encodeURIComponent('model.gallery.frames')}`);
  await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('frames'));
  await page.waitForSelector('.docs-content .prose img');
  await page.waitForFunction(() => document.querySelector('.docs-content .prose img')?.complete === true);
  const image = await page.$eval('.docs-content .prose img', (img: any) => ({ src: img.getAttribute('src'), alt: img.alt, title: img.title, width: img.naturalWidth }));
  assert.deepEqual(image, { src: 'assets/flow.svg', alt: 'How frames flow', title: 'Frame flow', width: 40 });
  assert.equal(await page.$eval('.docs-content .prose a', (a: any) => a.getAttribute('href')), 'https://example.com/feed');
  assert.doesNotMatch((await page.textContent('.docs-content .prose')) ?? '', /!/u);
});
