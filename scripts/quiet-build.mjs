// `pnpm start` builds first: quietly. Turbo's output is kept and shown only when the build
// fails, so the last thing a person sees on a good start is the service's own start-up block.
import { spawn } from 'node:child_process';

const turbo = spawn('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
});
const output = [];
turbo.stdout.on('data', (chunk) => output.push(chunk));
turbo.stderr.on('data', (chunk) => output.push(chunk));
turbo.on('close', (code) => {
  if (code === 0) {
    process.stdout.write('Build done.\n');
    return;
  }
  process.stderr.write(Buffer.concat(output));
  process.stderr.write(`\nThe build failed (exit code ${code}); the errors are above.\n`);
  process.exitCode = code ?? 1;
});
