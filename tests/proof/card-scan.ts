/**
 * Scans files for card numbers (tests/proof/cards/scan.ts), on its own:
 *
 *   npx tsx tests/proof/card-scan.ts --numbers targets.json PATH...   listed numbers and code sentences
 *   npx tsx tests/proof/card-scan.ts --any-luhn PATH...               any Luhn-valid 13-19 digit run
 *
 * targets.json is {"numbers":[{"digits":"4…","label":"…"}],"codes":[{"text":"CVV: 123","code":"123",
 * "template":"CVV: {code}","label":"…"}]} (card-fuzz.ts writes one per run, outside the scanned
 * folders). Folders are walked; zip (XLSX) and gzip files are opened; SQLite files are also
 * dumped table by table. Prints every hit (masked) and exits 1 when there is any.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { scanPaths } from "./cards/scan";
import type { ScanTargets } from "./cards/scan";

const { values, positionals } = parseArgs({
  options: { numbers: { type: "string" }, "any-luhn": { type: "boolean", default: false } },
  allowPositionals: true,
});
if (positionals.length === 0 || (!values.numbers && !values["any-luhn"])) {
  process.stderr.write("Usage: npx tsx tests/proof/card-scan.ts [--numbers targets.json] [--any-luhn] PATH...\n");
  process.exit(2);
}
const listed = values.numbers
  ? (JSON.parse(readFileSync(values.numbers, "utf8")) as Omit<ScanTargets, "anyLuhn">)
  : { numbers: [], codes: [] };
const started = Date.now();
const results = scanPaths(positionals, { numbers: listed.numbers ?? [], codes: listed.codes ?? [], anyLuhn: values["any-luhn"] });
let hits = 0;
for (const r of results) {
  process.stdout.write(
    `${r.file} (${r.bytes} bytes${r.note ? `, ${r.note}` : ""}): ${r.hits.length === 0 ? "none" : `${r.hits.length} hit(s)`}\n`,
  );
  for (const h of r.hits)
    process.stdout.write(`  ${h.kind} ${h.value} in ${h.view} at ${h.offset}${h.label ? ` (${h.label})` : ""}\n`);
  hits += r.hits.length;
}
process.stdout.write(
  `Scanned ${results.length} file(s) and container entries for ${listed.numbers?.length ?? 0} number(s), ${listed.codes?.length ?? 0} security-code sentence(s)` +
    `${values["any-luhn"] ? " and any Luhn-valid run" : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${hits} hit(s).\n`,
);
process.exit(hits > 0 ? 1 : 0);
