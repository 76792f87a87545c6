/**
 * A rule, cases or catalog file that cannot be used: names the file and the field at fault.
 * @example new RuleLoadError('rules/capture/x/rule.json', 'color', 'expected yellow or red')
 */
export class RuleLoadError extends Error {
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'RuleLoadError';
    this.file = file;
    this.field = field;
  }
}
