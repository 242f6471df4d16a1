// Builds the browser pages: the Outlook add-in (taskpane, commands) and,
// later, the portal. Add a page by adding one entry to `pages`.
//
// Build settings (environment variables, read at build time; see docs/addin-build.md):
//   ADDIN_PUBLIC_URL  origin (+ optional path) the built files are served from;
//                     written into dist/manifest.xml. Default https://localhost:3000
//   API_ORIGIN        origin of the auth API; '' (default) = the page's own origin.
//                     When set and different, it is added to the manifest's AppDomains.
//   SUPPORT_PHONE     number shown in "Lost your device?". Default 1-866-232-2211
//   SUPPORT_URL       contact page shown beside it. Default <ADDIN_PUBLIC_URL>/support.html
//   DEV_API_PROXY     dev-server only: where /api is proxied. Default https://localhost:3001
const path = require('node:path');
const fs = require('node:fs');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CompressionPlugin = require('compression-webpack-plugin');
const webpack = require('webpack');

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const DEV_ORIGIN = 'https://localhost:3000';

/** The pages: name → entry + template. `office: true` pages get the office.js script tag. */
const pages = [
  // boot: a small script run before the entry (both deferred), e.g. to start the first API request early.
  { name: 'taskpane', boot: './src/taskpane/boot.ts', entry: './src/taskpane/index.ts', template: './src/taskpane/taskpane.html', title: 'AXIS CloudSync', office: true },
  { name: 'commands', entry: './src/commands/commands.ts', template: './src/commands/commands.html', title: 'AXIS CloudSync commands', office: true },
  { name: 'support', entry: null, template: './src/taskpane/support.html', title: 'AXIS CloudSync support', office: false },
  { name: 'portal', entry: './src/portal/index.tsx', template: './src/portal/portal.html', title: 'AXIS CloudSync', office: false },
];

function settings() {
  const publicUrl = (process.env.ADDIN_PUBLIC_URL || DEV_ORIGIN).replace(/\/+$/, '');
  const apiOrigin = (process.env.API_ORIGIN || '').replace(/\/+$/, '');
  for (const [name, value] of [['ADDIN_PUBLIC_URL', publicUrl], ['API_ORIGIN', apiOrigin]]) {
    if (value && !/^https:\/\/[^/\s]+(\/[^\s]*)?$/.test(value)) {
      throw new Error(`${name} must be an https:// URL, got "${value}"`);
    }
  }
  return {
    publicUrl,
    apiOrigin,
    supportPhone: process.env.SUPPORT_PHONE || '1-866-232-2211',
    supportUrl: process.env.SUPPORT_URL || `${publicUrl}/support.html`,
  };
}

/** manifest.xml with the dev origin replaced by the production one, and the API in AppDomains. */
function productionManifest(xml, { publicUrl, apiOrigin }) {
  let out = xml.split(DEV_ORIGIN).join(publicUrl);
  const publicOrigin = new URL(publicUrl).origin;
  const domains = new Set([publicOrigin]);
  if (apiOrigin) domains.add(new URL(apiOrigin).origin);
  out = out.replace(/<AppDomains>[\s\S]*?<\/AppDomains>/, () =>
    ['<AppDomains>', ...[...domains].map((d) => `    <AppDomain>${d}</AppDomain>`), '  </AppDomains>'].join('\n'),
  );
  return out;
}

/** The settings a build bakes into the bundles, as recorded in dist/.build-settings.json. */
function buildSettingsOf(cfg) {
  return { ADDIN_PUBLIC_URL: cfg.publicUrl, API_ORIGIN: cfg.apiOrigin, SUPPORT_PHONE: cfg.supportPhone, SUPPORT_URL: cfg.supportUrl };
}

/** Emits assets/*.png and manifest.xml into the output (no copy plugin needed). */
class AddinFilesPlugin {
  constructor(cfg) {
    this.cfg = cfg;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('AddinFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'AddinFilesPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const { RawSource } = webpack.sources;
        const assetsDir = path.join(__dirname, 'assets');
        for (const file of fs.readdirSync(assetsDir)) {
          compilation.fileDependencies.add(path.join(assetsDir, file));
          compilation.emitAsset(`assets/${file}`, new RawSource(fs.readFileSync(path.join(assetsDir, file))));
        }
        // The old-web-view check runs as written (ES5): no loader, no bundling.
        const legacyCheck = path.join(__dirname, 'src', 'taskpane', 'legacy-check.js');
        compilation.fileDependencies.add(legacyCheck);
        compilation.emitAsset('legacy-check.js', new RawSource(fs.readFileSync(legacyCheck)));
        const legacyMessages = path.join(__dirname, 'src', 'taskpane', 'legacy-messages.js');
        compilation.fileDependencies.add(legacyMessages);
        compilation.emitAsset('legacy-messages.js', new RawSource(fs.readFileSync(legacyMessages)));
        const manifestPath = path.join(__dirname, 'manifest.xml');
        compilation.fileDependencies.add(manifestPath);
        const xml = fs.readFileSync(manifestPath, 'utf8');
        compilation.emitAsset('manifest.xml', new RawSource(productionManifest(xml, this.cfg)));
        // What this build baked in: `npm start` (scripts/ensure-build.mjs) will not silently rebuild with other values.
        compilation.emitAsset('.build-settings.json', new RawSource(JSON.stringify(buildSettingsOf(this.cfg), null, 2) + '\n'));
      });
    });
  }
}

module.exports = async (_env = {}, argv = {}) => {
  const mode = argv.mode || process.env.NODE_ENV || 'production';
  const dev = mode === 'development';
  const cfg = settings();
  const entry = Object.fromEntries(
    pages.flatMap((p) => [...(p.boot ? [[`${p.name}-boot`, p.boot]] : []), ...(p.entry ? [[p.name, p.entry]] : [])]),
  );

  /** @type {import('webpack').Configuration} */
  const config = {
    mode,
    target: ['web', 'es2020'],
    // Production builds publish no source maps (they hold the sources) unless PUBLISH_SOURCE_MAPS=on.
    devtool: dev ? 'eval-cheap-module-source-map' : process.env.PUBLISH_SOURCE_MAPS === 'on' ? 'source-map' : false,
    entry,
    output: {
      path: path.join(__dirname, 'dist'),
      filename: dev ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].chunk.js' : '[name].[contenthash:8].chunk.js',
      publicPath: 'auto',
      clean: true,
    },
    resolve: { extensions: ['.tsx', '.ts', '.js'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } },
    module: {
      rules: [
        {
          // Message catalogs: compiled ICU (and the pseudo-locale for `?pseudo`), see scripts/i18n-catalog-loader.cjs.
          test: /[\\/]src[\\/]shared[\\/]i18n[\\/]catalogs[\\/].+\.json$/,
          type: 'javascript/auto',
          use: path.join(__dirname, 'scripts', 'i18n-catalog-loader.cjs'),
        },
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              // Type checking is `npm run typecheck`; the bundle only transpiles.
              transpileOnly: true,
              configFile: path.join(__dirname, 'tsconfig.json'),
              compilerOptions: { module: 'es2020', moduleResolution: 'bundler', target: 'es2020', noEmit: false, sourceMap: true },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    optimization: { splitChunks: { chunks: 'async' } },
    plugins: [
      new webpack.DefinePlugin({
        __API_ORIGIN__: JSON.stringify(cfg.apiOrigin),
        __SUPPORT_PHONE__: JSON.stringify(cfg.supportPhone),
        __SUPPORT_URL__: JSON.stringify(cfg.supportUrl),
        'process.env.NODE_ENV': JSON.stringify(mode),
      }),
      ...pages.map(
        (p) =>
          new HtmlWebpackPlugin({
            filename: `${p.name}.html`,
            template: p.template,
            title: p.title,
            chunks: [...(p.boot ? [`${p.name}-boot`] : []), ...(p.entry ? [p.name] : [])],
            chunksSortMode: 'manual',
            scriptLoading: 'defer',
            officeJs: p.office ? OFFICE_JS : '',
            supportPhone: cfg.supportPhone,
            minify: !dev,
          }),
      ),
      new AddinFilesPlugin(cfg),
      // Precompressed copies beside each file; the server sends them when the browser accepts br or gzip.
      ...(dev
        ? []
        : [
            new CompressionPlugin({ filename: '[path][base].br', algorithm: 'brotliCompress', test: /\.(js|css|html|svg|xml)$/, threshold: 1024, minRatio: 0.9, compressionOptions: { params: { [require('node:zlib').constants.BROTLI_PARAM_QUALITY]: 11 } } }),
            new CompressionPlugin({ filename: '[path][base].gz', algorithm: 'gzip', test: /\.(js|css|html|svg|xml)$/, threshold: 1024, minRatio: 0.9, compressionOptions: { level: 9 } }),
          ]),
    ],
  };

  if (dev) {
    const devCerts = require('office-addin-dev-certs');
    let server = 'https';
    try {
      server = { type: 'https', options: await devCerts.getHttpsServerOptions() };
    } catch (e) {
      console.warn(`office-addin-dev-certs: ${e.message}; serving with a self-signed certificate`);
    }
    config.devServer = {
      port: Number(process.env.DEV_PORT || 3000),
      server,
      hot: true,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
      proxy: [{ context: ['/api', '/healthz', '/readyz'], target: process.env.DEV_API_PROXY || 'https://localhost:3001', secure: false }],
    };
  }
  return config;
};

module.exports.pages = pages;
module.exports.productionManifest = productionManifest;
module.exports.settings = settings;
module.exports.buildSettingsOf = buildSettingsOf;
