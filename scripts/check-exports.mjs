// Keeps each package index the explicit public list. Fails when:
// 1. a package index (src/index.ts, and src/fakes/index.ts when present) exports a name that
//    nothing outside the package uses. A "user" is any file of another package or app (its
//    tests included: they exercise the package through its public list as any caller would),
//    of docs/, of a bench/ or of scripts/ (a package's own bench/ and scripts/ included: they
//    import it by its name).
// 2. a test imports another package's internals: anything but its package name or one of the
//    subpaths its package.json "exports" declares (a relative path into another package too).
// 3. a package's exports map stops pointing "." at src/index.ts.
// Each problem names the package, the export (or the import) and the file, so a merge that moves
// exports around is fixed by reading this output.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const SOURCE = /\.(ts|tsx|mts|mjs|js|astro)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.astro', '.turbo', 'coverage']);

/** @returns {string[]} */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// Test code: test files, test folders and test-support helpers.
function isTest(file) {
  const parts = relative(root, file).split(sep);
  return (
    /\.test\.[a-z]+$/.test(file) ||
    parts.includes('test') ||
    parts.includes('test-support') ||
    parts.includes('tests')
  );
}

const packages = [];
for (const group of ['packages', 'apps', 'docs']) {
  const dirs = group === 'docs' ? ['docs'] : readdirSync(group).map((name) => join(group, name));
  for (const dir of dirs) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest) || !statSync(dir).isDirectory()) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    const entries = [];
    for (const [subpath, index] of [
      ['.', join(dir, 'src', 'index.ts')],
      ['./fakes', join(dir, 'src', 'fakes', 'index.ts')],
    ]) {
      if (existsSync(index)) entries.push({ subpath, index });
    }
    packages.push({ dir: resolve(dir), shown: dir, name: pkg.name, exports: pkg.exports, entries });
  }
}

const problems = [];

for (const pkg of packages) {
  if (pkg.entries.length === 0) continue;
  if (pkg.exports?.['.']?.['@capture-doctor/source'] !== './src/index.ts') {
    problems.push(
      `${pkg.name} (${pkg.shown}/package.json): exports["."] must map @capture-doctor/source to ./src/index.ts`,
    );
  }
}

/** The names each index exports, `export *` followed, through the TypeScript checker. */
function exportedNames(indexes) {
  const program = ts.createProgram(indexes, {
    allowJs: false,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    customConditions: ['@capture-doctor/source'],
  });
  const checker = program.getTypeChecker();
  const names = new Map();
  for (const index of indexes) {
    const source = program.getSourceFile(index);
    const symbol = source && checker.getSymbolAtLocation(source);
    names.set(index, symbol ? checker.getExportsOfModule(symbol).map((s) => s.getName()) : []);
  }
  return names;
}

// Every import of a workspace package, from any file: specifier, imported names, importer.
const IMPORT =
  /(?:import|export)\s+(type\s+)?(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+[\w$]+|\*)?\s*from\s*['"](@capture-doctor\/[^'"]+|\.{1,2}\/[^'"]+)['"]|import\(\s*['"](@capture-doctor\/[^'"]+)['"]\s*\)/g;

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[4] ?? match[5];
    const whole = match[0];
    const all = /\*/.test(whole.split('from')[0] ?? '') || match[5] !== undefined;
    const names = (match[3] ?? '')
      .split(',')
      .map((part) =>
        part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim(),
      )
      .filter(Boolean);
    found.push({ specifier, names, all });
  }
  return found;
}

const owner = (file) => packages.find((pkg) => file.startsWith(pkg.dir + sep));
const allFiles = [
  ...packages.flatMap((pkg) => filesUnder(pkg.dir)),
  ...filesUnder(join(root, 'scripts')),
];

// 1. exports nothing outside uses
const used = new Map(); // "name@subpath" -> Set of names, or '*'
for (const file of allFiles) {
  const from = owner(file);
  for (const { specifier, names, all } of importsOf(file)) {
    if (!specifier.startsWith('@capture-doctor/')) continue;
    const [scope, name, ...rest] = specifier.split('/');
    const pkgName = `${scope}/${name}`;
    // A package's own bench/ and scripts/ import it by name, as any outside user would.
    if (from?.name === pkgName && file.startsWith(join(from.dir, 'src') + sep)) continue;
    const key = `${pkgName}@${rest.length ? `./${rest.join('/')}` : '.'}`;
    const set = used.get(key) ?? new Set();
    if (all) set.add('*');
    for (const n of names) set.add(n);
    used.set(key, set);
  }
}
const checked = packages.filter((pkg) => pkg.entries.length > 0 && pkg.shown !== 'docs');
const names = exportedNames(checked.flatMap((pkg) => pkg.entries.map((entry) => entry.index)));
for (const pkg of checked) {
  for (const { subpath, index } of pkg.entries) {
    const users = used.get(`${pkg.name}@${subpath}`) ?? new Set();
    if (users.has('*')) continue;
    for (const name of names.get(index) ?? []) {
      if (!users.has(name)) {
        problems.push(
          `${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}: export "${name}" (${relative(root, index)}) is used by nothing outside the package`,
        );
      }
    }
  }
}

// 2. tests reaching into another package
for (const file of allFiles) {
  if (!isTest(file)) continue;
  const from = owner(file);
  for (const { specifier } of importsOf(file)) {
    let target;
    let bad = false;
    if (specifier.startsWith('@capture-doctor/')) {
      const [scope, name, ...rest] = specifier.split('/');
      target = packages.find((pkg) => pkg.name === `${scope}/${name}`);
      if (!target || target === from) continue;
      const subpath = rest.length ? `./${rest.join('/')}` : '.';
      bad = !declares(target.exports, subpath);
    } else {
      const path = resolve(dirname(file), specifier);
      target = owner(path);
      bad = target !== undefined && target !== from;
    }
    if (bad) {
      problems.push(
        `${from?.name ?? 'root'}: test ${relative(root, file)} imports "${specifier}", an internal of ${target?.name}; import the package name or a declared subpath`,
      );
    }
  }
}

function declares(exportsMap, subpath) {
  if (!exportsMap) return subpath === '.';
  return Object.keys(exportsMap).some((key) =>
    key.includes('*') ? subpath.startsWith(key.slice(0, key.indexOf('*'))) : key === subpath,
  );
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log('every package index exports only what other packages use; no test imports internals');
