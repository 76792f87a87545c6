/** Placeholders a member finding's message and fix may use. */
export const memberPlaceholders = [
  'provider',
  'memberName',
  'memberEmail',
  'seatName',
  'errorCode',
] as const;

/** Placeholders a banner's message and fix may use. */
export const bannerPlaceholders = ['provider', 'count', 'members'] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * The placeholder names a template uses.
 * @example placeholdersIn('{count} members') // ['count']
 */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/**
 * Why a template cannot be rendered with the allowed placeholders, or null when it can.
 * @example findTemplateProblem('{foo}', ['count']) // 'placeholder {foo} cannot be filled; ...'
 */
export function findTemplateProblem(template: string, allowed: readonly string[]): string | null {
  const unknown = placeholdersIn(template).find((name) => !allowed.includes(name));
  if (unknown !== undefined) {
    return `placeholder {${unknown}} cannot be filled; allowed: ${allowed.map((p) => `{${p}}`).join(' ')}`;
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) return 'unbalanced { or }';
  return null;
}

/**
 * Fills a template's placeholders; every placeholder must have a value.
 * @example renderTemplate('{count} members', { count: '3' }) // '3 members'
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return compileTemplate(template)(values);
}

/** A template split once into text and placeholder parts, for rendering many times. */
export type CompiledTemplate = (values: Readonly<Record<string, string>>) => string;

/**
 * Splits a template once so that rendering it for many members is plain concatenation.
 * @example compileTemplate('{count} members')({ count: '3' }) // '3 members'
 */
export function compileTemplate(template: string): CompiledTemplate {
  const parts = template.split(PLACEHOLDER);
  // split() with a capture group alternates text and placeholder names: odd indexes are names.
  return (values) => {
    let out = parts[0] ?? '';
    for (let i = 1; i < parts.length; i += 2) {
      const value = values[parts[i]!];
      if (value === undefined) throw new Error(`no value for placeholder {${parts[i]}}`);
      out += value + (parts[i + 1] ?? '');
    }
    return out;
  };
}
