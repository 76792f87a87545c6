/** A piece of a message template: plain text, or a placeholder with a readable label. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'placeholder'; name: string; label: string };

const PLACEHOLDER = /\{([^{}]+)\}/g;

/**
 * Splits a message template so placeholders can be shown as readable chips.
 * @example templateParts('{count} members', { count: 'number of members' })
 * // [{ kind: 'placeholder', name: 'count', label: 'number of members' }, { kind: 'text', text: ' members' }]
 */
export function templateParts(template: string, labels: Record<string, string>): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ kind: 'text', text: template.slice(last, index) });
    const name = match[1] ?? '';
    parts.push({ kind: 'placeholder', name, label: labels[name] ?? spacedWords(name) });
    last = index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

/**
 * The template as one readable line, placeholders in angle quotes (for descriptions and search).
 * @example readableTemplate('{count} members', { count: 'number of members' }) // '‹number of members› members'
 */
export function readableTemplate(template: string, labels: Record<string, string>): string {
  return templateParts(template, labels)
    .map((part) => (part.kind === 'text' ? part.text : `‹${part.label}›`))
    .join('');
}

function spacedWords(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
