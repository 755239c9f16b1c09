/**
 * Writes a demo affected-customer CSV for measuring the import:
 *   npx tsx tests/bench/generate-import-csv.ts /tmp/affected-1m.csv 1000000 [utf-8|cp932]
 */
import { writeDemoCsv } from "../import-csv";

const [path, countText = "1000000", encoding = "utf-8"] = process.argv.slice(2);
if (!path || !/^\d+$/.test(countText) || (encoding !== "utf-8" && encoding !== "cp932")) {
  process.stderr.write("Usage: npx tsx tests/bench/generate-import-csv.ts FILE [ROWS] [utf-8|cp932]\n");
  process.exit(2);
}
const started = Date.now();
const bytes = await writeDemoCsv({ path, count: Number(countText), encoding });
process.stdout.write(
  `Wrote ${Number(countText).toLocaleString("en")} rows (${(bytes / 1e6).toFixed(1)} MB, ${encoding}) to ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
