// Fails when a package has a public module (src/<concept>/<concept>.ts) that its src/index.ts
// does not export, or when a package's exports map stops pointing at src/index.ts.
// A module that is deliberately private says `@internal` in its opening comment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const problems = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(group)) {
    const dir = join(group, name);
    const index = join(dir, 'src', 'index.ts');
    if (!existsSync(index)) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (pkg.exports?.['.']?.['@capture-doctor/source'] !== './src/index.ts') {
      problems.push(
        `${dir}/package.json: exports["."] must map @capture-doctor/source to ./src/index.ts`,
      );
    }
    const text = readFileSync(index, 'utf8');
    for (const entry of readdirSync(join(dir, 'src'), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'test-support') continue;
      const main = join(dir, 'src', entry.name, `${entry.name}.ts`);
      if (!existsSync(main) && !existsSync(`${main}x`)) continue;
      const source = readFileSync(existsSync(main) ? main : `${main}x`, 'utf8');
      if (/^\s*(\/\/|\/\*\*?|\*).*@internal/m.test(source.split('\n').slice(0, 8).join('\n')))
        continue;
      if (!text.includes(`./${entry.name}/${entry.name}.js`)) {
        problems.push(`${index}: does not export ./${entry.name}/${entry.name}.js`);
      }
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('every public module is exported from its package index');
