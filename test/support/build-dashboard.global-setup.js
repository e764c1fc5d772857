// Jest global set-up of the e2e and browser suites: the dashboard's page and assets are built
// (esbuild, about a second) so that the API serves the current front-end, however the suite is run.
const { buildDashboard } = require('../../apps/dashboard/build');

module.exports = async () => {
  await buildDashboard();
};
