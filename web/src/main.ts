// Entry point: loads the wasm engine, then the two views (planner, trainer) behind app tabs.
import './styles.css';
import { h, tabs } from './dom';
import { createPlanner } from './planner/planner';
import { createTrainer } from './trainer/trainer';
import { loadWasm, sim } from './wasm';

async function main() {
  const app = document.getElementById('app') as HTMLElement;
  try {
    await loadWasm();
  } catch (e) {
    app.replaceChildren(h('div', { class: 'card fatal', role: 'alert' }, h('h2', {}, 'The simulation engine could not be loaded'), h('p', {}, String(e)), h('p', {}, 'Build it with scripts/build-wasm.sh, then rebuild the page.')));
    return;
  }
  const main = h('main', { id: 'main', tabindex: '-1' });
  const plannerRoot = h('div', { id: 'panel-planner', role: 'tabpanel', 'aria-labelledby': 'tab-planner' });
  const trainerRoot = h('div', { id: 'panel-trainer', role: 'tabpanel', 'aria-labelledby': 'tab-trainer', hidden: true });
  main.append(plannerRoot, trainerRoot);
  const planner = createPlanner(plannerRoot);
  let trainer: ReturnType<typeof createTrainer> | null = null;
  const appTabs = tabs(
    'Views',
    [
      { id: 'planner', title: 'Planner — what-if' },
      { id: 'trainer', title: 'Trainer — live queue' },
    ],
    (id) => {
      const isTrainer = id === 'trainer';
      plannerRoot.hidden = isTrainer;
      trainerRoot.hidden = !isTrainer;
      if (isTrainer) {
        planner.hide();
        trainer ??= createTrainer(trainerRoot);
        trainer.show();
        if (location.hash !== '#trainer') history.replaceState(null, '', '#trainer');
      } else {
        trainer?.hide();
        planner.show();
        if (location.hash === '#trainer') history.replaceState(null, '', location.pathname);
      }
    },
    location.hash === '#trainer' ? 'trainer' : 'planner',
  );
  const header = h(
    'header',
    { class: 'app-header' },
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'cc'), h('span', {}, 'ccsim'), h('span', { class: 'muted small' }, `contact-center simulator · engine ${sim.version()}`)),
    appTabs.el,
    h('span', { class: 'local-badge', title: 'Everything runs in this browser: no server, no network calls.' }, 'Runs locally'),
  );
  app.replaceChildren(header, main);
  appTabs.select(location.hash === '#trainer' ? 'trainer' : 'planner');
  app.dataset.ready = 'true';
}

void main();
