/**
 * Self-tests of the fault infrastructure (own RabbitMQ nodes and cluster, own PostgreSQL, a small disk): real
 * processes, a minute or two, root needed; so not in `npm test`. Run: `npm run test:faults:infra`.
 */
const { resolve } = require('node:path');
const base = require('../../../jest.config.js');
const rootDir = resolve(__dirname, '../../..');
module.exports = {
  rootDir,
  testTimeout: 300000,
  projects: [{ ...base.projects[0], rootDir, displayName: 'faults-infra', testMatch: ['<rootDir>/test/faults/infra/**/*.infra-spec.ts'] }],
};
