/**
 * Writes the variable tables of docs/configuration.md and .env.example from the configuration schemas
 * (libs/config/src/services). Run: npm run config:docs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_FILE, ENV_EXAMPLE_FILE, renderEnvExample, updateConfigurationMd } from './config.document';

const root = join(__dirname, '..');
writeFileSync(join(root, CONFIGURATION_FILE), updateConfigurationMd(readFileSync(join(root, CONFIGURATION_FILE), 'utf8')), 'utf8');
writeFileSync(join(root, ENV_EXAMPLE_FILE), renderEnvExample(), 'utf8');
console.log(`wrote ${CONFIGURATION_FILE} (generated section) and ${ENV_EXAMPLE_FILE}`);
