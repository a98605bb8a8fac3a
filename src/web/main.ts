// The Reelhouse web app: one page, hash routes, no framework.
import { getJson } from './api.js';
import { errorState, h, replace } from './dom.js';
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

async function start(): Promise<void> {
  applyTheme(localStorage.getItem(THEME_KEY));
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
    h('a', { class: 'brand', href: '#/dashboards' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '▚'), 'Reelhouse', projectLabel),
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
  ];
  if (health.features.sqlExplorer) sections.push(['sql', 'SQL']);
  replace(nav, sections.map(([key, label]) => h('a', { href: `#/${key}`, 'data-section': key }, label)));

  let cleanup: (() => void) | undefined;
  let lastPath = '';
  const render = async (): Promise<void> => {
    const route = currentRoute();
    const path = location.hash.split('?')[0] ?? '';
    // Filter changes rewrite only the query: the page keeps its state.
    if (path === lastPath && route.page !== 'search') return;
    lastPath = path;
    cleanup?.();
    cleanup = undefined;
    for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.section === (route.page || 'dashboards'));
    document.title = `${route.page ? route.page[0]!.toUpperCase() + route.page.slice(1) : 'Dashboards'} · ${health.project} · Reelhouse`;
    window.scrollTo(0, 0);
    try {
      switch (route.page) {
        case '':
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
          replace(main, errorState('Page not found', h('a', { href: '#/dashboards' }, 'Go to the dashboards')));
      }
    } catch (error) {
      replace(main, errorState('This page could not load', (error as Error).message));
    }
    document.body.dataset.page = route.page || 'dashboards';
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
