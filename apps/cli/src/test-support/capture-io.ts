import type { CliIo } from '../run-cli/run-cli.js';

/**
 * A CliIo that keeps what a command printed, with no environment and no terminal.
 * @example const { io, out } = captureIo(); await keysCommand()(args, io); out()
 */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    isTty: false,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
