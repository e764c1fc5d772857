#!/usr/bin/env node
// Checks that package-lock.json installs the same on every machine: every optional dependency a
// locked package declares (the per-platform native binaries of @swc/core, esbuild-like tools…)
// has its own entry, and each native package with platform binaries has one for the platforms
// developers use (darwin-arm64, darwin-x64, win32-x64) besides linux-x64. A lockfile written by
// an npm that pruned "foreign" platforms passes `npm install` here but makes `npm ci` refuse it
// and leaves Mac and Windows machines without a binary. Exit 1 naming what is missing.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const REQUIRED_PLATFORMS = ['linux-x64', 'darwin-arm64', 'darwin-x64', 'win32-x64'];

/** Problems of a parsed lockfile (version 2 or 3); [] when it is complete. */
function lockfileProblems(lock) {
  const packages = lock.packages ?? {};
  const problems = [];
  const entryOf = (from, name) => {
    // npm resolves a dependency from the nearest node_modules up the tree.
    let dir = from;
    for (;;) {
      const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (packages[key]) return packages[key];
      if (!dir) return undefined;
      const cut = dir.lastIndexOf('/node_modules/');
      dir = cut < 0 ? '' : dir.slice(0, cut);
    }
  };
  for (const [where, pkg] of Object.entries(packages)) {
    const optional = pkg.optionalDependencies ?? {};
    const platforms = new Set();
    const oses = new Set();
    for (const name of Object.keys(optional)) {
      const entry = entryOf(where, name);
      if (!entry) {
        problems.push(`${where || '(root)'}: optional dependency ${name} has no lockfile entry`);
        continue;
      }
      if (entry.os || entry.cpu) {
        for (const os of entry.os ?? ['any']) {
          oses.add(os);
          for (const cpu of entry.cpu ?? ['any']) platforms.add(`${os}-${cpu}`);
        }
      }
    }
    // A package shipping binaries for several systems (not a single macOS-only helper such as
    // chokidar's fsevents) must ship them for every platform developers use.
    if (oses.size < 2) continue;
    for (const platform of REQUIRED_PLATFORMS) {
      const [os, cpu] = platform.split('-');
      const covered = [...platforms].some((p) => {
        const [o, c] = p.split('-');
        return (o === os || o === 'any') && (c === cpu || c === 'any');
      });
      if (!covered) problems.push(`${where}: no native package for ${platform}`);
    }
  }
  return problems;
}

module.exports = { lockfileProblems, REQUIRED_PLATFORMS };

if (require.main === module) {
  const file = process.argv[2] ?? path.join(__dirname, '..', 'package-lock.json');
  const problems = lockfileProblems(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (problems.length) {
    console.error(`${file} is incomplete (npm ci would refuse it or miss a platform):`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
}
