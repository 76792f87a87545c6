import { writeFileSync } from 'node:fs';

import { jsonSchemas } from '../src/json-schemas/json-schemas.js';

// Writes the JSON Schema files users validate their documents against.
for (const [file, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(
    new URL(`../schema/${file}`, import.meta.url),
    `${JSON.stringify(schema, null, 2)}\n`,
  );
  console.log(`wrote schema/${file}`);
}
