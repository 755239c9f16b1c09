import path from "node:path";

/** Turns `file:./data/x.db` (relative to the project root, where npm runs) into a filesystem path. */
export function sqlitePathFromUrl(url: string): string {
  const raw = url.replace(/^file:/, "").split("?")[0] ?? "";
  return path.isAbsolute(raw) ? raw : path.resolve(process.cwd(), raw);
}
