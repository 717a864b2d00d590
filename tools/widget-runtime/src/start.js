// The widget runtime's entry (build.mjs bundles from here): starts the widget libraries a few at a
// time, each in a task of its own, then renders the page's widgets (runtime.js).
//
// Run in one go, the bundle's packages set themselves up in one task, the longest of a widget page's
// load on a slow phone (Lighthouse's total blocking time). Here each package is made only when its
// turn comes: `require` of a bundled module runs it (and what it imports that has not run yet), so
// each step below runs one package, in the order they import each other, with a pause before it.
import { nextTask } from './tasks.js';

const STATE_TYPE = 'application/vnd.jupyter.widget-state+json';
// Each entry runs in its own task; together they are everything runtime.js imports.
const STEPS = [
  () => require('underscore'),
  () => require('backbone'),
  () => require('@lumino/coreutils'),
  () => require('@lumino/messaging'),
  () => require('@lumino/widgets'),
  () => require('@jupyter-widgets/base'),
  () => require('@jupyter-widgets/base-manager'),
  () => require('nouislider'),
  () => require('./controls.js'),
];

async function start() {
  if (!document.querySelector(`script[type="${STATE_TYPE}"]`)) return;
  for (const step of STEPS) {
    await nextTask();
    step();
  }
  await nextTask();
  await require('./runtime.js').renderPage();
}

if (!window._jupyter_widget_embedder) {
  // html-manager's flag: had embed.js been loaded as well, only one of the two renders.
  window._jupyter_widget_embedder = true;
  const run = () =>
    start().catch((error) => {
      console.error('The page\'s widgets could not be rendered:', error);
    });
  // Deferred, the script runs once the document is parsed, just before DOMContentLoaded: start
  // then (loaded some other way, at DOMContentLoaded), not at the load event, which waits for images.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
}
