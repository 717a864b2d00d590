// The book's widget runtime: renders a page's embedded widget state with no kernel.
//
// myst-nb writes each page's widget state into a <script type="application/vnd.jupyter.widget-state+json">
// and one <script type="application/vnd.jupyter.widget-view+json"> where each widget is displayed.
// This file does what @jupyter-widgets/html-manager's embed.js does for ipywidgets 8 widgets, with the
// official @jupyter-widgets/base and /controls classes, and leaves out what the book never uses: the
// Output widget and JupyterLab's rendering stack behind it, the ipywidgets 7 packages, Font Awesome,
// the JSON-schema validator, sanitize-html, jQuery (src/no-jquery.js stands in) and the controls listed in
// controls.js. build.mjs bundles it into vendor/widgets/ (`make vendor`).
//
// Unlike embed.js it does not make every model and view in one go: each view is drawn in short
// tasks of its own, those near the screen first, with only the models it needs (its own, the ones
// they refer to, and the jslink/jsdlink links touching them), while its static picture holds its
// place. A slow phone then never waits on one long task (Lighthouse's total blocking time).
import * as base from '@jupyter-widgets/base';
import * as controls from './controls.js';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import styles from 'widget-runtime:styles';
import { escapeHTML } from './escape.js';

const STATE_TYPE = 'application/vnd.jupyter.widget-state+json';
const VIEW_TYPE = 'application/vnd.jupyter.widget-view+json';
// ipywidgets 8 writes protocol version 2.x for both modules (ipywidgets/_version.py).
const MODULES = {
  '@jupyter-widgets/base': base,
  '@jupyter-widgets/controls': controls,
};
const SUPPORTED_MAJOR = '2';

/** A widget manager for a static page: models from the embedded state, no kernel, no comms. */
class StaticManager extends ManagerBase {
  constructor() {
    super();
    this.views = new Set();
    // Like html-manager: let views that lay themselves out (boxes, tabs) follow the window's size.
    window.addEventListener('resize', () => {
      this.views.forEach((view) => MessageLoop.postMessage(view.luminoWidget, Widget.ResizeMessage.UnknownSize));
    });
  }

  /** The model and view classes come from the two bundled modules only. */
  loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (!module) {
      return Promise.reject(new Error(`this page's widget runtime has no module ${moduleName}`));
    }
    if (String(moduleVersion).split('.', 1)[0] !== SUPPORTED_MAJOR) {
      return Promise.reject(new Error(`${moduleName} ${moduleVersion}: this runtime renders ipywidgets 8 (version 2.x)`));
    }
    const found = module[className];
    return found ? Promise.resolve(found) : Promise.reject(new Error(`${moduleName} has no class ${className}`));
  }

  /** No kernel: nothing is live ... */
  _get_comm_info() {
    return Promise.resolve({});
  }

  /** ... and no comm can be opened (ManagerBase then makes comm-less models). */
  _create_comm() {
    return Promise.reject(new Error('no kernel: a static page opens no comms'));
  }

  /**
   * Descriptions are shown as text, never as HTML. ManagerBase would run a description marked
   * `description_allow_html` through sanitize-html; the book never sets that flag (tests/test_vendor.py
   * checks the built pages), and escaping lets no markup through at all, so the sanitizer and its
   * parser chain stay out of the bundle. The HTML widget's own value is not affected: as in every
   * ipywidgets front end it is set as HTML, and the book escapes data before it becomes HTML.
   */
  inline_sanitize(source) {
    return escapeHTML(source);
  }

  /** Attach a rendered view to its place on the page. */
  display_view(view, element) {
    Widget.attach(view.luminoWidget, element);
    this.views.add(view);
    view.once('remove', () => this.views.delete(view));
  }
}

/** The page's widget styles go first in <head>, so the book's own stylesheets, loaded later, win. */
function addStyles() {
  if (document.getElementById('widget-runtime-styles')) return;
  const style = document.createElement('style');
  style.id = 'widget-runtime-styles';
  style.textContent = styles;
  document.head.prepend(style);
}

function readJSON(script) {
  return JSON.parse(script.textContent);
}

// The static picture of a widget's default view that the page carries in its place (_ext/widget_fallbacks.py),
// just before its view script: shown from the first paint, and where this script cannot run.
const FALLBACK_CLASS = 'mlops-widget-fallback';
// While a view renders beside its picture it takes no space and is not seen (nor focusable).
const HIDDEN = { position: 'absolute', left: '0', right: '0', top: '0', visibility: 'hidden' };

/** The static picture just before a view script, if the page has one. */
function pictureBefore(script) {
  const before = script.previousElementSibling;
  return before && before.classList.contains(FALLBACK_CLASS) ? before : null;
}

// --- Models: only those a view needs, made when it is about to render --------------------------------

const MODEL_REFERENCE = /^IPY_MODEL_(.+)$/;
// jslink/jsdlink models: nothing refers to them, yet a view's controls only drive it through them.
const LINK_MODELS = new Set(['LinkModel', 'DirectionalLinkModel']);

/** The ids of the models a serialized state refers to ("IPY_MODEL_<id>" anywhere in it). */
function referencesIn(value, found = new Set()) {
  if (typeof value === 'string') {
    const match = MODEL_REFERENCE.exec(value);
    if (match) found.add(match[1]);
  } else if (Array.isArray(value)) {
    value.forEach((item) => referencesIn(item, found));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach((item) => referencesIn(item, found));
  }
  return found;
}

/**
 * The models one view needs: its model, every model that one refers to (children, layouts, styles),
 * and every link touching any of them with the models at the link's other end, so that a control
 * drives its view from the moment it is shown.
 */
function modelsNeeded(modelId, references, links) {
  const needed = new Set();
  const add = (id) => {
    if (needed.has(id) || !references.has(id)) return;
    needed.add(id);
    references.get(id).forEach(add);
  };
  add(modelId);
  let grew = true;
  while (grew) {
    grew = false;
    for (const link of links) {
      if (!needed.has(link) && [...references.get(link)].some((id) => needed.has(id))) {
        add(link);
        grew = true;
      }
    }
  }
  return needed;
}

/**
 * One embedded widget state, its models made on demand: ManagerBase.set_state makes every model
 * of the page at once (the longest task of the page's load), so each view gets a set_state of
 * just the models it needs that do not exist yet.
 */
class PageState {
  constructor(state) {
    this.state = state;
    this.manager = new StaticManager();
    this.references = new Map(Object.entries(state.state).map(([id, model]) => [id, referencesIn(model.state)]));
    this.links = Object.keys(state.state).filter((id) => LINK_MODELS.has(state.state[id].model_name));
  }

  has(modelId) {
    return modelId in this.state.state;
  }

  /** The view's model, made with what it needs (earlier views may have made some of it). */
  async modelFor(modelId) {
    const missing = {};
    for (const id of modelsNeeded(modelId, this.references, this.links)) {
      if (!this.manager.has_model(id)) missing[id] = this.state.state[id];
    }
    await this.manager.set_state({ ...this.state, state: missing });
    return this.manager.get_model(modelId);
  }
}

// --- Views: one at a time, those near the screen first --------------------------------------------

/**
 * Render one view where html-manager did: into a `.widget-subarea` inserted just before its script.
 * A view with a static picture renders hidden over it; `show` then puts it in the picture's place.
 */
async function renderView(manager, model, script) {
  if (script.parentElement === null) return null;
  const view = await manager.create_view(model);
  const area = document.createElement('div');
  area.className = 'widget-subarea';
  const picture = pictureBefore(script);
  if (picture) {
    Object.assign(area.style, HIDDEN);
    if (getComputedStyle(script.parentElement).position === 'static') script.parentElement.style.position = 'relative';
  }
  script.parentElement.insertBefore(area, script);
  manager.display_view(view, area);
  return { area, picture };
}

/** Show a rendered view in its picture's place: the two have the same size, so nothing moves. */
function show({ area, picture }) {
  if (!picture) return;
  picture.remove();
  Object.keys(HIDDEN).forEach((property) => area.style.removeProperty(property));
}

/** A view that fails to render leaves its static picture in place and says why on the console. */
function keepPicture(error) {
  console.error('A widget could not be rendered; its static picture stays:', error);
  return null;
}

/** Let the browser paint and answer input before the next piece of work (one long task is many short). */
function nextTask() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// How far outside the screen a view counts as near: it renders first, before the reader scrolls to it.
const NEAR = '100% 0px';

/**
 * The page's views in the order to render them: those near the screen (IntersectionObserver, which
 * also follows the reader's scrolling) before the others, each group in page order.
 */
class RenderQueue {
  constructor(items) {
    this.pending = items;
    this.near = new Set();
    this.ready = new Promise((resolve) => {
      if (!('IntersectionObserver' in window)) {
        resolve();
        return;
      }
      this.observer = new IntersectionObserver(
        (entries) => {
          entries.forEach((entry) => this.near[entry.isIntersecting ? 'add' : 'delete'](entry.target));
          resolve(); // the first call reports every observed element
        },
        { rootMargin: NEAR },
      );
      items.forEach((item) => this.observer.observe(item.place));
    });
  }

  /** The next view to render, once the observer has said where the views are; null when all are done. */
  async next() {
    await this.ready;
    const index = Math.max(0, this.pending.findIndex((item) => this.near.has(item.place)));
    const [item] = this.pending.splice(index, 1);
    if (item) this.observer?.unobserve(item.place);
    else this.observer?.disconnect();
    return item || null;
  }
}

/**
 * Render the page's views, each in short tasks of its own (its models, its view, its swap), so the
 * reader's taps and scrolls are answered between them: one long task of every model and view made
 * the page unresponsive for a second on a slow phone (Lighthouse's total blocking time).
 */
async function renderPage() {
  const stateScripts = document.querySelectorAll(`script[type="${STATE_TYPE}"]`);
  if (stateScripts.length === 0) return;
  await nextTask(); // not in the task that ran this script
  addStyles();
  const states = [...stateScripts].map((script) => new PageState(readJSON(script)));
  const items = [];
  for (const script of document.querySelectorAll(`script[type="${VIEW_TYPE}"]`)) {
    const modelId = readJSON(script).model_id;
    const pageState = states.find((s) => s.has(modelId));
    if (pageState) items.push({ script, modelId, pageState, place: pictureBefore(script) || script.parentElement });
  }
  const queue = new RenderQueue(items);
  for (let item = await queue.next(); item; item = await queue.next()) {
    try {
      await nextTask();
      const model = await item.pageState.modelFor(item.modelId);
      await nextTask();
      const rendered = await renderView(item.pageState.manager, model, item.script);
      if (!rendered) continue;
      // Boxes render their children in promises that settle within this task; show the view in the next.
      await nextTask();
      show(rendered);
    } catch (error) {
      keepPicture(error);
    }
  }
}

if (!window._jupyter_widget_embedder) {
  // html-manager's flag: had embed.js been loaded as well, only one of the two renders.
  window._jupyter_widget_embedder = true;
  const start = () =>
    renderPage().catch((error) => {
      console.error('The page\'s widgets could not be rendered:', error);
    });
  // Deferred, the script runs once the document is parsed, just before DOMContentLoaded: start
  // then (loaded some other way, at DOMContentLoaded), not at the load event, which waits for images.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
