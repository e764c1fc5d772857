// Lets a plain node child process require the TypeScript sources (no ts-node in this repo):
// each .ts file is compiled with swc as jest does, with the same settings.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../../../../..');
const options = JSON.parse(fs.readFileSync(path.join(root, '.swcrc.jest.json'), 'utf8'));

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformFileSync(filename, { ...options, swcrc: false, filename });
  module._compile(code, filename);
};
