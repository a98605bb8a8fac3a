// The Reelhouse web app: one page, hash routes, no framework.
import { getJson } from './api.js';
import { emptyState, errorState, h, replace } from './dom.js';
import { isStaticSite, NEEDS_SERVER } from './embedded.js';
import { currentRoute } from './router.js';
import { dashboardPage, dashboardsPage, setProjectName } from './pages/dashboards.js';
import { docsPage } from './pages/docs.js';
import { lineagePage } from './pages/lineage.js';
import { runPage, runsPage } from './pages/runs.js';
import { searchBox, searchPage } from './pages/search.js';
import { sqlPage } from './pages/sql.js';

interface Health {
  ok: boolean;
  project: string;
  features: { orchestrator: boolean; runPipelines: boolean; sqlExplorer: boolean; liveEvents: boolean; warehouse: boolean };
}

const THEME_KEY = 'reelhouse-theme';

function applyTheme(theme: string | null): void {
  const dark = theme === 'dark' || (theme === null && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  window.dispatchEvent(new Event('themechange'));
}

/** Pages of the static docs site (the navigation shows only these). */
const STATIC_PAGES = new Set(['docs', 'lineage', 'search']);
/** Pages that need a live warehouse or server: the static docs site says so instead. */
const LIVE_PAGES = new Set(['dashboards', 'runs', 'sql']);

async function start(): Promise<void> {
  applyTheme(localStorage.getItem(THEME_KEY));
  const staticSite = isStaticSite();
  const home = staticSite ? 'docs' : 'dashboards';
  const main = h('main', { id: 'main', class: 'main', tabindex: -1 });
  const nav = h('nav', { class: 'top-nav', 'aria-label': 'Sections' });
  const projectLabel = h('span', { class: 'project' });
  const themeButton = h('button', { type: 'button', class: 'icon-button', title: 'Switch light/dark theme', 'aria-label': 'Switch theme' }, '◐');
  themeButton.addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(THEME_KEY, next);
    applyTheme(next);
  });
  const header = h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: `#/${home}` }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '▚'), 'Reelhouse', projectLabel),
    nav,
    searchBox(),
    themeButton,
  );
  replace(document.body, h('a', { class: 'skip', href: '#main', onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, 'Skip to content'), header, main);

  let health: Health;
  try {
    health = await getJson<Health>('/health');
  } catch (error) {
    replace(main, errorState('The server is not answering', (error as Error).message));
    return;
  }
  projectLabel.textContent = health.project;
  setProjectName(health.project);
  const sections: [string, string][] = [
    ['dashboards', 'Dashboards'],
    ['docs', 'Docs'],
    ['lineage', 'Lineage'],
    ['runs', 'Runs'],
  ].filter(([key]) => !staticSite || STATIC_PAGES.has(key!)) as [string, string][];
  if (health.features.sqlExplorer && !staticSite) sections.push(['sql', 'SQL']);
  replace(nav, sections.map(([key, label]) => h('a', { href: `#/${key}`, 'data-section': key }, label)));

  let cleanup: (() => void) | undefined;
  // Not '' : a page opened without a hash (a static site from disk) must still render once.
  let lastPath: string | undefined;
  const render = async (): Promise<void> => {
    const route = currentRoute();
    const path = location.hash.split('?')[0] ?? '';
    // Filter changes rewrite only the query: the page keeps its state.
    if (path === lastPath && route.page !== 'search') return;
    lastPath = path;
    cleanup?.();
    cleanup = undefined;
    const page = route.page || home;
    for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.section === page);
    document.title = `${page[0]!.toUpperCase() + page.slice(1)} · ${health.project} · Reelhouse`;
    window.scrollTo(0, 0);
    try {
      if (staticSite && LIVE_PAGES.has(page)) {
        replace(main, emptyState('Not in the static docs', NEEDS_SERVER, '⏻'));
      } else switch (page) {
        case 'dashboards':
          if (route.params[0]) cleanup = await dashboardPage(main, route);
          else await dashboardsPage(main);
          break;
        case 'docs':
          await docsPage(main, route);
          break;
        case 'lineage':
          cleanup = await lineagePage(main, route);
          break;
        case 'runs':
          if (route.params[0]) await runPage(main, route);
          else cleanup = await runsPage(main, route, health);
          break;
        case 'search':
          await searchPage(main, route);
          break;
        case 'sql':
          sqlPage(main, health.features.sqlExplorer);
          break;
        default:
          replace(main, errorState('Page not found', h('a', { href: `#/${home}` }, `Go to the ${home}`)));
      }
    } catch (error) {
      replace(main, errorState('This page could not load', (error as Error).message));
    }
    document.body.dataset.page = page;
    main.dataset.ready = 'true';
  };
  window.addEventListener('hashchange', () => {
    main.dataset.ready = 'false';
    void render();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme(localStorage.getItem(THEME_KEY)));
  await render();
}

void start();
