// @internal: a part of the API's own wiring, not used outside apps/api.
import type { FieldProblem } from '../problem/problem.js';

/** The shape any JSON body must keep, whatever its schema says: deeper or longer is refused. */
export const JSON_LIMITS = { depth: 64, items: 100_000, keys: 10_000 } as const;

interface Level {
  kind: 'array' | 'object';
  /** commas seen at this level: the number of items or keys so far, less one */
  commas: number;
  /** the raw text of the key being read, in an object */
  key: string;
  expectingKey: boolean;
}

/**
 * Scans a JSON text, without parsing it, for nesting deeper than 64 levels, an array of more
 * than 100,000 items or an object of more than 10,000 keys, and names the place. It runs before
 * JSON.parse and zod: a 4 MB object of 300,000 keys costs those two a second of blocked event
 * loop, and this scan a few milliseconds.
 * @example jsonLimitProblem('{"a":[[[[1]]]]}', { depth: 3, items: 10, keys: 10 }) // { field: 'a[0][0]', ... }
 */
export function jsonLimitProblem(
  text: string,
  limits: { depth: number; items: number; keys: number } = JSON_LIMITS,
): FieldProblem | null {
  const levels: Level[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const top = levels[levels.length - 1];
    if (ch === 0x22) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) i++;
      }
      if (top?.expectingKey) top.key = text.slice(start, Math.min(i + 1, start + 200));
    } else if (ch === 0x5b || ch === 0x7b) {
      levels.push({
        kind: ch === 0x5b ? 'array' : 'object',
        commas: 0,
        key: '',
        expectingKey: ch === 0x7b,
      });
      if (levels.length > limits.depth)
        return { field: pathOf(levels), message: `nested deeper than ${limits.depth} levels` };
    } else if (ch === 0x5d || ch === 0x7d) {
      levels.pop();
    } else if (ch === 0x3a && top) {
      top.expectingKey = false;
    } else if (ch === 0x2c && top) {
      top.commas += 1;
      top.expectingKey = top.kind === 'object';
      const max = top.kind === 'array' ? limits.items : limits.keys;
      if (top.commas >= max)
        return {
          field: pathOf(levels),
          message:
            top.kind === 'array'
              ? `an array of more than ${max.toLocaleString('en-US')} items`
              : `an object of more than ${max.toLocaleString('en-US')} keys`,
        };
    }
  }
  return null;
}

// Written like formatPath: `members[3].access`, the document itself `(root)`.
function pathOf(levels: Level[]): string {
  let out = '';
  for (const level of levels.slice(0, -1)) {
    if (level.kind === 'array') out += `[${level.commas}]`;
    else out += `${out ? '.' : ''}${keyName(level.key)}`;
  }
  return out || '(root)';
}

function keyName(raw: string): string {
  try {
    return String(JSON.parse(raw)).slice(0, 60);
  } catch {
    return raw.slice(1, 60);
  }
}
