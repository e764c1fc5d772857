// Before the browser suites: Chromium must be there (scripts/ensure-chromium.sh installs it;
// a missing browser fails the run, it never skips it), and the dashboard is built afresh.
const { existsSync } = require('node:fs');
const { buildDashboard } = require('../../apps/dashboard/build');

module.exports = async () => {
  const chromium = process.env.LEDGER_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(chromium))
    throw new Error(
      `the browser suites need Chromium at ${chromium}: run "bash scripts/ensure-chromium.sh"`,
    );
  await buildDashboard();
};
