// Stands in for sanitize-html in the bundle (build.mjs aliases it here).
//
// @jupyter-widgets/base-manager imports sanitize-html for one job: HTML in a widget's description when
// `description_allow_html` is set. The runtime's manager overrides that method to escape the
// description instead (runtime.js, inline_sanitize), so this is never called; if it ever were, it too
// lets no markup through. Leaving the real sanitizer out drops its parser chain (htmlparser2, postcss,
// entities, dom-serializer: about 230 KB unpacked).
import { escapeHTML } from './escape.js';

export default function sanitize(text) {
  return escapeHTML(text);
}
