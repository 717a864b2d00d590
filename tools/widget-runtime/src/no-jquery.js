// Stands in for jQuery in the bundle (build.mjs aliases 'jquery' here).
//
// ipywidgets 8 no longer uses jQuery for anything a page sees: its views are Backbone "native views"
// (@jupyter-widgets/base's nativeview.js binds their events with addEventListener), and jQuery is left
// only where a view keeps the wrapped element beside the element itself, `this.$el = $(el)` then
// `this.el = this.$el[0]` (base's DOMWidgetView, controls' boxes and selection containers), and where
// Backbone reads it once as `Backbone.$`. Nothing in the bundle calls a jQuery method on `$el`
// (tests/browser/test_widgets.py drives every kind of control the book uses). jQuery itself was a
// sixth of the bundle and the longest part of its start: setting itself up (its selector engine probes
// the document) took longer than every other package of the runtime together.
//
// `$(element)` wraps one element as jQuery does, enough for those lines: `[0]`, `length`, `instanceof`.
function $(element) {
  if (!(this instanceof $)) return new $(element);
  this[0] = element;
  this.length = element ? 1 : 0;
}

module.exports = $;
