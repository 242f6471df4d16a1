// Webpack loader for src/shared/i18n/catalogs/<locale>/<section>.json: emits the
// section compiled to Lingui's runtime form, so the browser gets no ICU parser.
// `?pseudo` on an English section emits the pseudo-locale (qps-ploc).
// The compiler is src/shared/i18n/compile.ts, transpiled here on the fly so the
// server and the build share one implementation.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const i18nDir = path.join(__dirname, '..', 'src', 'shared', 'i18n');
const compilePath = path.join(i18nDir, 'compile.ts');
let compiler = null;

/** Loads a .ts module of src/shared/i18n (and the relative .ts modules it imports) as CommonJS. */
function requireTs(file) {
  const source = fs.readFileSync(file, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true } });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const plainRequire = mod.require.bind(mod);
  mod.require = (id) => (id.startsWith('.') ? requireTs(path.join(path.dirname(file), id.replace(/\.js$/, '') + '.ts')) : plainRequire(id));
  mod._compile(outputText, file);
  return mod.exports;
}

function loadCompiler() {
  return (compiler ??= requireTs(compilePath));
}

module.exports = function i18nCatalogLoader(source) {
  this.cacheable(true);
  this.addDependency(compilePath);
  this.addDependency(path.join(i18nDir, 'locales.ts'));
  const pseudo = /(^|[?&])pseudo\b/.test(this.resourceQuery || '');
  const messages = loadCompiler().compileCatalog(JSON.parse(source), pseudo);
  return `export default ${JSON.stringify(messages)};`;
};
