import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The newest modification time of the source files under `dir` (generated code and dot-folders
 * skipped): a build older than this is stale. Used by `npm start` and the proof scripts' build.
 */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
