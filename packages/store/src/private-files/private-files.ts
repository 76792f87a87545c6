// @internal: used only inside @capture-doctor/store.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Only the owner may read or write: members' data, snapshots and key hashes live in these files. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;
const OPEN_TO_OTHERS = 0o077;
const STICKY = 0o1000;

/**
 * True when a file or folder can be read or written by its group or by other users.
 * @example if (openToOthers(statSync(keyFile).mode)) refuse();
 */
export function openToOthers(mode: number): boolean {
  return (mode & OPEN_TO_OTHERS) !== 0;
}

/** A mode as `chmod` shows it, e.g. `0644`. */
export function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/**
 * Creates `dir` with mode 0700 whatever the umask, or narrows an existing one that others can
 * read, saying so. A shared folder (sticky, like /tmp) is only reported: it is not ours to close.
 * @example restrictFolder('./data', logger.warn);
 */
export function restrictFolder(dir: string, warn: (message: string) => void): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    chmodSync(dir, PRIVATE_FOLDER_MODE);
    return;
  }
  const { mode } = statSync(dir);
  if (!openToOthers(mode)) return;
  if ((mode & STICKY) !== 0) {
    warn(
      `the data folder ${dir} is shared (mode ${octal(mode)}): keep the database in a folder of its own`,
    );
    return;
  }
  chmodSync(dir, PRIVATE_FOLDER_MODE);
  warn(
    `the data folder ${dir} could be read by other users (mode ${octal(mode)}): changed it to 0700`,
  );
}

/**
 * Makes `file` mode 0600 whatever the umask: creates it empty when `create` and it is missing,
 * and narrows an existing file that others can read, saying so.
 * @example restrictFile('data/capture-doctor.sqlite', logger.warn);
 */
export function restrictFile(file: string, warn: (message: string) => void, create = true): void {
  if (!existsSync(file)) {
    if (!create) return;
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    chmodSync(file, PRIVATE_FILE_MODE);
    return;
  }
  const { mode } = statSync(file);
  if (!openToOthers(mode)) return;
  chmodSync(file, PRIVATE_FILE_MODE);
  warn(`${file} could be read by other users (mode ${octal(mode)}): changed it to 0600`);
}
