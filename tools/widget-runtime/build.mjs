// Build the book's widget runtime into one script, with its styles inside, and collect the licences.
//
//   node build.mjs OUT_DIR        (tools/vendor_widgets.py --refresh runs it after `npm ci`)
//
// Writes OUT_DIR/runtime.js and OUT_DIR/LICENSES.txt (the licence text of every bundled package), and
// prints, as JSON for the manifest, the bundled packages ({"packages": {name: {version, license}}}) and
// the names each widget module offers ({"classes": {module: [name, ...]}}). The output depends only on the sources here
// and the packages pinned in package-lock.json: two builds give the same bytes.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const STYLES_MODULE = 'widget-runtime:styles';
// Rules whose every selector is about one of these are left out: noUiSlider's scale marks and
// tooltips (@jupyter-widgets/controls never turns them on) and the controls src/controls.js leaves out.
const UNUSED_RULES = new RegExp(
  [
    /noUi-(pips|marker|value|tooltip)/.source,
    /\.(jupyter-)?widget-(colorpicker|datepicker|colortag|tag|taginput|tagsinput|upload|image)(?![\w-])/.source,
  ].join('|'),
);
const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;
// Licence texts for packages published without a licence file, by npm scope (licences/<scope>.txt).
const SCOPE_LICENCES = join(HERE, 'licences');

/** Split minified CSS into tokens, each ending at `{`, `}` or `;` outside strings and brackets. */
export function cssTokens(css) {
  const tokens = [];
  let start = 0;
  let depth = 0;
  let quote = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (c === '{' || c === '}' || c === ';')) {
      tokens.push({ text: css.slice(start, i), end: c });
      start = i + 1;
    }
  }
  if (start < css.length) tokens.push({ text: css.slice(start), end: '' });
  return tokens;
}

const VAR_USE = /var\(\s*(--[\w-]+)/g;

/**
 * Drop custom properties that nothing uses, and rules only about unused noUiSlider parts.
 * A property is used when a normal declaration reads it with var(), or a used property does.
 */
export function pruneCss(css) {
  const tokens = cssTokens(css);
  const definitions = new Map(); // name -> values
  const used = new Set();
  for (const { text, end } of tokens) {
    if (end === '{') continue;
    const colon = text.indexOf(':');
    const name = text.trim().startsWith('--') && colon > 0 ? text.slice(0, colon).trim() : null;
    if (name) {
      if (!definitions.has(name)) definitions.set(name, []);
      definitions.get(name).push(text.slice(colon + 1));
    } else {
      for (const match of text.matchAll(VAR_USE)) used.add(match[1]);
    }
  }
  const queue = [...used];
  while (queue.length) {
    for (const value of definitions.get(queue.pop()) || []) {
      for (const match of value.matchAll(VAR_USE)) {
        if (!used.has(match[1])) {
          used.add(match[1]);
          queue.push(match[1]);
        }
      }
    }
  }
  let out = '';
  let skipDepth = 0; // inside a rule being dropped
  for (const { text, end } of tokens) {
    if (skipDepth) {
      if (end === '{') skipDepth++;
      if (end === '}') skipDepth--;
      continue;
    }
    if (end === '{') {
      const selectors = text.split(',');
      if (!text.startsWith('@') && selectors.every((s) => UNUSED_RULES.test(s))) {
        skipDepth = 1;
        continue;
      }
      out += text + end;
      continue;
    }
    const colon = text.indexOf(':');
    const name = text.trim().startsWith('--') && colon > 0 ? text.slice(0, colon).trim() : null;
    if (name && !used.has(name)) {
      if (end === '}') out += '}';
      continue;
    }
    out += text + end;
  }
  return out;
}

/** Names of the custom properties a stylesheet defines, and of those it reads with var(). */
function customProperties(css) {
  return {
    defined: new Set([...css.matchAll(/(?<![\w-])(--[\w-]+)\s*:/g)].map((m) => m[1])),
    used: new Set([...css.matchAll(VAR_USE)].map((m) => m[1])),
  };
}

async function buildStyles() {
  const bundled = await esbuild.build({
    absWorkingDir: HERE,
    entryPoints: ['src/styles.css'],
    bundle: true,
    minify: true,
    write: false,
    legalComments: 'none', // the licences are collected whole into LICENSES.txt
    logLevel: 'warning',
  });
  const full = bundled.outputFiles[0].text;
  // A second pass drops the rules and semicolons the pruning emptied.
  const { code } = await esbuild.transform(pruneCss(full), { loader: 'css', minify: true, legalComments: 'none' });
  // Guard: every property the kept rules read, and that the full styles define, is still defined.
  const before = customProperties(full);
  const after = customProperties(code);
  const lost = [...after.used].filter((name) => before.defined.has(name) && !after.defined.has(name));
  if (lost.length) throw new Error(`pruning dropped custom properties still in use: ${lost.join(', ')}`);
  return code;
}

/** Every import of '@lumino/widgets' itself (not its subpaths) gets src/lumino-widgets.js. */
const luminoFromSources = {
  name: 'lumino-widgets-from-sources',
  setup(build) {
    build.onResolve({ filter: /^@lumino\/widgets$/ }, () => ({ path: join(HERE, 'src', 'lumino-widgets.js') }));
  },
};
// How lumino compiles its TypeScript (its tsconfigbase.json: target ES6, so class fields are assigned).
const LUMINO_TSCONFIG = { compilerOptions: { useDefineForClassFields: false } };

async function buildScript(styles) {
  const inline = {
    name: 'inline-styles',
    setup(build) {
      build.onResolve({ filter: /^widget-runtime:styles$/ }, () => ({ path: STYLES_MODULE, namespace: 'styles' }));
      build.onLoad({ filter: /.*/, namespace: 'styles' }, () => ({ contents: styles, loader: 'text' }));
    },
  };
  return esbuild.build({
    absWorkingDir: HERE,
    tsconfigRaw: LUMINO_TSCONFIG,
    entryPoints: ['src/runtime.js'],
    bundle: true,
    format: 'iife',
    minify: true,
    target: ['es2020'],
    legalComments: 'eof',
    alias: {
      'sanitize-html': './src/no-sanitize.js',
      // ipywidgets 8 binds its views' events natively and only wraps an element in jQuery to keep it
      // beside itself (src/no-jquery.js says where): a three-line stand-in does that.
      jquery: './src/no-jquery.js',
    },
    // The bundle runs in a browser: no Node process object.
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [inline, luminoFromSources],
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
}

// Where runtime.js takes each widget module's classes from (its MODULES).
const MODULE_SOURCES = {
  '@jupyter-widgets/base': "export * from '@jupyter-widgets/base';",
  '@jupyter-widgets/controls': "export * from './src/controls.js';",
};

/** The names each widget module exports in the bundle: what a page's widget state may ask for. */
async function moduleClasses() {
  const classes = {};
  for (const [module, contents] of Object.entries(MODULE_SOURCES)) {
    const built = await esbuild.build({
      absWorkingDir: HERE,
      stdin: { contents, resolveDir: HERE, loader: 'js' },
      bundle: true,
      format: 'esm',
      write: false,
      metafile: true,
      alias: { 'sanitize-html': './src/no-sanitize.js' },
      tsconfigRaw: LUMINO_TSCONFIG,
      plugins: [luminoFromSources],
      logLevel: 'warning',
    });
    classes[module] = Object.values(built.metafile.outputs)[0].exports.slice().sort();
  }
  return classes;
}

/** node_modules/<name>/ (or @scope/name) folder of a bundled input path, or null for our own sources. */
function packageFolder(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const length = parts[at + 1].startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + length).join('/');
}

function licences(folders) {
  const packages = {};
  const texts = [];
  for (const folder of [...folders].sort()) {
    const meta = JSON.parse(readFileSync(join(HERE, folder, 'package.json'), 'utf8'));
    const files = readdirSync(join(HERE, folder)).filter((f) => LICENCE_FILE.test(f)).sort();
    packages[meta.name] = { version: meta.version, license: meta.license || '' };
    const scopeFile = join(SCOPE_LICENCES, `${meta.name.split('/')[0]}.txt`);
    let body = null;
    if (files.length) body = files.map((f) => readFileSync(join(HERE, folder, f), 'utf8').trim()).join('\n\n');
    else if (meta.name.startsWith('@') && existsSync(scopeFile)) body = readFileSync(scopeFile, 'utf8').trim();
    texts.push({ name: meta.name, version: meta.version, license: meta.license || '', body });
  }
  return { packages, texts };
}

async function main() {
  const out = resolve(process.argv[2] || join(HERE, '..', '..', 'vendor', 'widgets'));
  mkdirSync(out, { recursive: true });
  const styles = await buildStyles();
  const script = await buildScript(styles);
  const styleInputs = (await esbuild.build({
    absWorkingDir: HERE, entryPoints: ['src/styles.css'], bundle: true, write: false, metafile: true, logLevel: 'warning',
  })).metafile.inputs;
  const folders = new Set(
    [...Object.keys(script.metafile.inputs), ...Object.keys(styleInputs)].map(packageFolder).filter(Boolean),
  );
  const { packages, texts } = licences(folders);
  const missing = texts.filter((t) => t.body === null).map((t) => `${t.name}@${t.version}`);
  if (missing.length) {
    throw new Error(`no licence text for ${missing.join(', ')}: add it under tools/widget-runtime/licences/`);
  }
  writeFileSync(join(out, 'runtime.js'), script.outputFiles[0].contents);
  const header = [
    "Licences of the packages bundled into runtime.js, the book's widget runtime",
    '(tools/widget-runtime; built by `make vendor`). Each package keeps its own licence.',
    '',
    ...texts.map((t) => `- ${t.name} ${t.version} (${t.license})`),
    '',
  ];
  // Packages with the same licence text (the @lumino and @jupyter-widgets families) share one copy.
  const groups = new Map();
  for (const t of texts) {
    if (!groups.has(t.body)) groups.set(t.body, []);
    groups.get(t.body).push(`${t.name} ${t.version} (${t.license})`);
  }
  const sections = [...groups].map(
    ([body, names]) => `${'='.repeat(72)}\n${names.join('\n')}\n${'='.repeat(72)}\n\n${body}\n`,
  );
  writeFileSync(join(out, 'LICENSES.txt'), [...header, ...sections].join('\n'));
  process.stdout.write(JSON.stringify({ packages, classes: await moduleClasses() }, null, 2) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
