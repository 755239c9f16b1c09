/**
 * Known customers of the demo database, for browser tests: regenerated exactly as
 * prisma/seed.ts generates the demo list (same seed, count, windows, site and
 * prefix), so a test needs no access to the database.
 */
import { demoSeedFor, generateAffectedCustomers, totalForInside } from "~/domain/demo-data";
import type { DemoCustomer } from "~/domain/demo-data";
import { demoIncidents } from "../../prisma/seed/incidents";

export /** The first `n` demo customers of a site, inside their window, as the seeder generated them. */
function demoCustomers(incidentSlug: string, siteSlug: string, n: number): DemoCustomer[] {
  const incident = demoIncidents.find((i) => i.slug === incidentSlug)!;
  const siteIndex = incident.sites.findIndex((s) => s.slug === siteSlug);
  const site = incident.sites[siteIndex]!;
  const out: DemoCustomer[] = [];
  for (const c of generateAffectedCustomers({
    seed: demoSeedFor(incident.slug, siteIndex),
    count: totalForInside(site.demoCount),
    windows: site.windows,
    site: site.slug,
    referencePrefix: site.demoReferencePrefix,
  })) {
    if (c.insideWindow) out.push(c);
    if (out.length >= n) break;
  }
  return out;
}
