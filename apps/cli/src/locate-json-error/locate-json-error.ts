/** Where a JSON text first goes wrong, as a 0-based offset, with what was expected there. */
export interface JsonErrorLocation {
  offset: number;
  expected: string;
}

/**
 * Finds the first syntax error of a JSON text, which Node 20's JSON.parse does not report.
 * Returns null when the text is valid JSON.
 * @example locateJsonError('{"a": }') // { offset: 6, expected: 'a value' }
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const fail = (expected: string): never => {
    throw { offset: i, expected } satisfies JsonErrorLocation;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = () => {
    if (text[i] !== '"') fail('a string in double quotes');
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('no control character inside a string');
      i++;
    }
    if (i >= text.length) fail('the closing double quote');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '' || match[0] === '-') fail('a value');
    i += match![0].length;
  };
  const list = <T>(close: string, item: () => T, what: string) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === ',') {
        i++;
        space();
      } else if (text[i] === close) {
        i++;
        return;
      } else fail(`"," or "${close}" ${what}`);
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{')
      list(
        '}',
        () => {
          string();
          space();
          if (text[i] !== ':') fail('":" after the key');
          i++;
          value();
        },
        'after a member of the object',
      );
    else if (c === '[') list(']', value, 'after an item of the array');
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    if (i < text.length) fail('the end of the document');
    return null;
  } catch (error) {
    return error as JsonErrorLocation;
  }
}
