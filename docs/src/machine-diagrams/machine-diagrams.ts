import type { Loader } from 'astro/loaders';

/** A machine's state diagram, as Mermaid source. */
export interface MachineDiagram extends Record<string, unknown> {
  id: string;
  title: string;
  exportName: string;
  source: string;
}

const MERMAID_STATE = /^\s*(?:%%[^\n]*\n\s*)*(?:---[\s\S]*?---\s*)?stateDiagram(?:-v2)?\b/;

/**
 * Finds every Mermaid state diagram among a module's exports: a string export, a
 * no-argument function returning one, an object holding them, or each exported `...Machine`
 * drawn by an exported `mermaidDiagram(machine)`.
 * @example findDiagrams({ connectionDiagram: 'stateDiagram-v2\n  [*] --> idle' })
 * // [{ id: 'connection', title: 'Connection machine', exportName: 'connectionDiagram', source: 'stateDiagram-v2\n  [*] --> idle' }]
 */
export function findDiagrams(exports: Record<string, unknown>): MachineDiagram[] {
  const found: MachineDiagram[] = [];
  const add = (exportName: string, key: string, source: string) => {
    const id = slugOf(key);
    if (found.some((diagram) => diagram.id === id)) return;
    found.push({ id, title: `${titleOf(key)} machine`, exportName, source: source.trim() });
  };
  // Diagrams the package exports as such come first; drawing a machine is the fallback.
  for (const [name, value] of Object.entries(exports)) {
    for (const [key, source] of diagramSources(name, value)) add(name, key, source);
  }
  const draw = exports.mermaidDiagram;
  if (typeof draw !== 'function') return found.sort((a, b) => a.id.localeCompare(b.id));
  for (const [name, value] of Object.entries(exports)) {
    if (!/Machine$/.test(name) || !isPlainObject(value) || !('root' in value)) continue;
    const source: unknown = draw(value);
    if (isDiagram(source)) add(name, name, source);
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

function diagramSources(name: string, value: unknown): Array<[string, string]> {
  if (isDiagram(value)) return [[name, value]];
  if (typeof value === 'function' && value.length === 0 && /diagram|mermaid/i.test(name)) {
    const result: unknown = value();
    if (isDiagram(result)) return [[name, result]];
    if (isPlainObject(result)) return diagramSources(name, result);
    return [];
  }
  if (isPlainObject(value) && /diagram|mermaid/i.test(name)) {
    return Object.entries(value).flatMap(([key, inner]) =>
      isDiagram(inner) ? ([[key, inner]] as Array<[string, string]>) : [],
    );
  }
  return [];
}

function isDiagram(value: unknown): value is string {
  return typeof value === 'string' && MERMAID_STATE.test(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function baseName(key: string): string {
  return key.replace(/(State)?(Diagram|Mermaid)(Source)?$/i, '').replace(/Machine$/, '') || key;
}

function slugOf(key: string): string {
  return baseName(key)
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .toLowerCase();
}

function titleOf(key: string): string {
  const words = slugOf(key).replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Loads the state diagrams @capture-doctor/machines exports. While that package exports none
 * (or cannot be loaded yet), the collection is empty and the diagrams page says so.
 * @example defineCollection({ loader: machineDiagramsLoader(await import('@capture-doctor/machines')) })
 */
export function machineDiagramsLoader(exports: Record<string, unknown> | Error): Loader {
  return {
    name: 'machine-diagrams',
    load: async ({ store, parseData, generateDigest, logger }) => {
      store.clear();
      if (exports instanceof Error) {
        logger.warn(
          `@capture-doctor/machines could not be loaded, so no state diagrams: ${exports.message}`,
        );
        return;
      }
      const diagrams = findDiagrams(exports);
      if (diagrams.length === 0)
        logger.warn('@capture-doctor/machines exports no Mermaid state diagram yet');
      for (const diagram of diagrams) {
        const data = await parseData({ id: diagram.id, data: diagram });
        store.set({ id: diagram.id, data, digest: generateDigest(diagram) });
      }
    },
  };
}
