import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleJsonSchemas, rulesRoot } from '@capture-doctor/engine';

// Writes rules/schema/*.schema.json so editors can check rule files as they are written.
for (const [file, schema] of Object.entries(ruleJsonSchemas())) {
  writeFileSync(join(rulesRoot(), 'schema', file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote rules/schema/${file}`);
}
