/** The port `serve` listens on unless `--port` or PORT says otherwise. */
export const DEFAULT_PORT = 8787;
