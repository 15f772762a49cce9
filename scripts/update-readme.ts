// Rewrites the README's coverage table from the models and the services' operation tables.
import { readFileSync, writeFileSync } from 'node:fs';
import { coverageMarkdown } from '../src/cli/coverage.js';

const README = new URL('../../README.md', import.meta.url);
const readme = readFileSync(README, 'utf8');
const updated = readme.replace(
  /<!-- coverage:start -->\n[\s\S]*?<!-- coverage:end -->/,
  `<!-- coverage:start -->\n${await coverageMarkdown()}<!-- coverage:end -->`,
);
writeFileSync(README, updated);
