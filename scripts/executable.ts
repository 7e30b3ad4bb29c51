import { accessSync, constants } from 'node:fs';

/** Whether a path names a file this process may execute. */
export function executable(file: string | undefined): file is string {
  if (!file) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
