/**
 * Writes the AsyncAPI 3.0.0 document of contract v1 (docs/asyncapi.yaml) from the contract classes.
 * Run: npm run asyncapi
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_FILE, renderAsyncApiYaml } from './asyncapi.document';

const target = join(__dirname, '..', ASYNCAPI_FILE);
writeFileSync(target, renderAsyncApiYaml(), 'utf8');
console.log(`wrote ${ASYNCAPI_FILE}`);
