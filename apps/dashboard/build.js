// Builds the dashboard front-end (apps/dashboard/src, TypeScript for the browser) into
// dist/dashboard with esbuild: one script bundle (ECharts included, from node_modules: no CDN),
// one stylesheet, the page shell and the icon. Run by `npm run build` (so `npm start` and
// `npm test` build it) and by the e2e and browser test set-ups. The API serves these files; it
// never imports this code. Why esbuild and these settings: docs/dashboard.md.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(__dirname, 'src');
const OUT = path.join(ROOT, 'dist', 'dashboard');
// Government desktops often run Chromium-based browsers a few years old (360, Qianxin, Edge):
// syntax is lowered to what Chromium 87 / Firefox 91 / Safari 15 understand.
const TARGET = ['chrome87', 'edge88', 'firefox91', 'safari15'];
const STATIC_FILES = ['index.html', 'favicon.svg'];

async function buildDashboard({ logLevel = 'warning' } = {}) {
  fs.mkdirSync(OUT, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [
      { in: path.join(SRC, 'main.ts'), out: 'dashboard' },
      { in: path.join(SRC, 'styles.css'), out: 'dashboard' },
    ],
    outdir: OUT,
    bundle: true,
    minify: true,
    format: 'iife',
    target: TARGET,
    charset: 'utf8',
    legalComments: 'eof',
    tsconfig: path.join(__dirname, 'tsconfig.json'),
    metafile: true,
    logLevel,
  });
  for (const file of STATIC_FILES) fs.copyFileSync(path.join(SRC, file), path.join(OUT, file));
  const bytes = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([file, o]) => [path.basename(file), o.bytes]),
  );
  return { outDir: OUT, bytes };
}

module.exports = { buildDashboard, DASHBOARD_OUT: OUT };

if (require.main === module) {
  buildDashboard({ logLevel: 'warning' }).then(
    ({ bytes }) => {
      const kb = (n) => `${Math.round(n / 1024)} kB`;
      console.log(
        `dashboard built into dist/dashboard (${Object.entries(bytes)
          .map(([f, n]) => `${f} ${kb(n)}`)
          .join(', ')})`,
      );
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
