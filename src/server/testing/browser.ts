// Test support: Debian's Chromium driven by playwright-core, and the bundled web app.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot } from './built-quickstart.js';

/** Where the browser is expected; override with REELHOUSE_CHROMIUM. */
export const CHROMIUM_PATH = process.env.REELHOUSE_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots of the browser tests go here (gitignored). */
export const SCREENSHOT_DIR = join(repoRoot, 'test-output', 'web');

/** Builds dist/web when it is missing or older than a file of src/web. */
export function ensureWebBuilt(): void {
  const out = join(repoRoot, 'dist', 'web', 'app.js');
  const newest = (dir: string): number =>
    readdirSync(dir).reduce((m, name) => {
      const p = join(dir, name);
      const s = statSync(p);
      return Math.max(m, s.isDirectory() ? newest(p) : s.mtimeMs);
    }, 0);
  if (existsSync(out) && statSync(out).mtimeMs >= newest(join(repoRoot, 'src', 'web'))) return;
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-web.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the web app failed:\n${r.stdout}\n${r.stderr}`);
}

/** Launches headless Chromium with a fresh profile; fails clearly when it is not installed. */
export async function launchChromium(options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserContext & { cleanup(): Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium was not found at ${CHROMIUM_PATH}. Install it with scripts/install-test-deps.sh (apt-get install -y chromium), or set REELHOUSE_CHROMIUM.`);
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // A fresh profile folder per launch: playwright passes it to Chromium as --user-data-dir.
  const profile = mkdtempSync(join(tmpdir(), 'reelhouse-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  return Object.assign(context, {
    cleanup: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}
