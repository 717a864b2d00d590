// The book's widget runtime: renders a page's embedded widget state with no kernel.
//
// myst-nb writes each page's widget state into a <script type="application/vnd.jupyter.widget-state+json">
// and one <script type="application/vnd.jupyter.widget-view+json"> where each widget is displayed.
// This file does what @jupyter-widgets/html-manager's embed.js does for ipywidgets 8 widgets, with the
// official @jupyter-widgets/base and /controls classes, and leaves out what the book never uses: the
// Output widget and JupyterLab's rendering stack behind it, the ipywidgets 7 packages, Font Awesome,
// the JSON-schema validator, sanitize-html and the controls listed in controls.js. build.mjs bundles
// it into vendor/widgets/ (`make vendor`).
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

/**
 * Render one view where html-manager did: into a `.widget-subarea` inserted just before its script.
 * A view with a static picture renders hidden over it; `swap` later shows it in the picture's place.
 */
async function renderView(manager, models, script) {
  const model = models.get(readJSON(script).model_id);
  if (model === undefined || script.parentElement === null) return null;
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

/** Show rendered views in their pictures' places, all in one step: one layout change, not one per widget. */
function swap(rendered) {
  for (const { area, picture } of rendered) {
    if (!picture) continue;
    picture.remove();
    Object.keys(HIDDEN).forEach((property) => area.style.removeProperty(property));
  }
}

/** A view that fails to render leaves its static picture in place and says why on the console. */
function keepPicture(error) {
  console.error('A widget could not be rendered; its static picture stays:', error);
  return null;
}

/** Wait for the next task: boxes render their children in promises that settle before it. */
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function renderPage() {
  const states = document.querySelectorAll(`script[type="${STATE_TYPE}"]`);
  if (states.length === 0) return;
  addStyles();
  const views = [...document.querySelectorAll(`script[type="${VIEW_TYPE}"]`)];
  for (const stateScript of states) {
    const manager = new StaticManager();
    const models = new Map((await manager.set_state(readJSON(stateScript))).map((m) => [m.model_id, m]));
    const rendered = await Promise.all(views.map((script) => renderView(manager, models, script).catch(keepPicture)));
    await nextTask();
    swap(rendered.filter(Boolean));
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
