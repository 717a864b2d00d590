// The @jupyter-widgets/controls classes the runtime can render: the package's own modules, minus the
// media, colour, date and time pickers, tags input, file upload and game controller (and the Output
// widget, which lives in another package). The book's interactives are boxes, a Stack, HTML, toggle
// buttons, sliders and a drop-down, linked with jsdlink; this keeps every layout, selection, slider,
// button, text and link widget so that a new interactive rarely needs more. tests/test_vendor.py
// fails, naming the widget, when a page embeds one the runtime lacks (MANIFEST.json "classes").
export * from '@jupyter-widgets/controls/lib/widget_core.js';
export * from '@jupyter-widgets/controls/lib/widget_description.js';
export * from '@jupyter-widgets/controls/lib/widget_link.js';
export * from '@jupyter-widgets/controls/lib/widget_box.js';
export * from '@jupyter-widgets/controls/lib/widget_selectioncontainer.js';
export * from '@jupyter-widgets/controls/lib/widget_string.js';
export * from '@jupyter-widgets/controls/lib/widget_selection.js';
export * from '@jupyter-widgets/controls/lib/widget_int.js';
export * from '@jupyter-widgets/controls/lib/widget_float.js';
export * from '@jupyter-widgets/controls/lib/widget_bool.js';
export * from '@jupyter-widgets/controls/lib/widget_button.js';
