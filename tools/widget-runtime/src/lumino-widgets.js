// The @lumino/widgets classes that @jupyter-widgets/base and /controls import (Widget, Panel,
// PanelLayout, TabBar), compiled from the TypeScript sources that @lumino/widgets ships in its npm
// package. Its prebuilt dist is one file holding all 27 of its modules, and the TypeScript namespaces
// in it keep every one alive in a bundle; from the sources, the bundle holds only these classes and
// what they import. build.mjs points every import of '@lumino/widgets' here and compiles the sources
// as lumino's own build does (class fields assigned in the constructor, useDefineForClassFields false).
export { Widget } from '@lumino/widgets/src/widget';
export { Panel } from '@lumino/widgets/src/panel';
export { PanelLayout } from '@lumino/widgets/src/panellayout';
export { TabBar } from '@lumino/widgets/src/tabbar';
