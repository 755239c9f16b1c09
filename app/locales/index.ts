/**
 * All translations, bundled (no network fetch for strings). Japanese is the
 * source; each English file must have exactly the same keys (checked by the
 * compiler through Translation<> and by app/locales/locales.test.ts).
 * To add a feature's strings: add ja/<ns>.ts and en/<ns>.ts and list them here.
 */
import jaCommon from "./ja/common";
import enCommon from "./en/common";
import jaIncidents from "./ja/incidents";
import enIncidents from "./en/incidents";
import jaLookup from "./ja/lookup";
import enLookup from "./en/lookup";
import jaCheck from "./ja/check";
import enCheck from "./en/check";
import jaTokens from "./ja/tokens";
import enTokens from "./en/tokens";
import jaScripts from "./ja/scripts";
import enScripts from "./en/scripts";
import jaWaivers from "./ja/waivers";
import enWaivers from "./en/waivers";
import jaContacts from "./ja/contacts";
import enContacts from "./en/contacts";
import jaImports from "./ja/imports";
import enImports from "./en/imports";
import jaExports from "./ja/exports";
import enExports from "./en/exports";
import jaBatches from "./ja/batches";
import enBatches from "./en/batches";
import jaAudit from "./ja/audit";
import enAudit from "./en/audit";
import jaRetention from "./ja/retention";
import enRetention from "./en/retention";
import jaTable from "./ja/table";
import enTable from "./en/table";
import jaReview from "./ja/review";
import enReview from "./en/review";

export const resources = {
  ja: { common: jaCommon, incidents: jaIncidents, lookup: jaLookup, check: jaCheck, tokens: jaTokens, scripts: jaScripts, waivers: jaWaivers, contacts: jaContacts, imports: jaImports, exports: jaExports, batches: jaBatches, audit: jaAudit, retention: jaRetention, table: jaTable, review: jaReview },
  en: { common: enCommon, incidents: enIncidents, lookup: enLookup, check: enCheck, tokens: enTokens, scripts: enScripts, waivers: enWaivers, contacts: enContacts, imports: enImports, exports: enExports, batches: enBatches, audit: enAudit, retention: enRetention, table: enTable, review: enReview },
} as const;

export type Namespace = keyof (typeof resources)["ja"];
export const namespaces = Object.keys(resources.ja) as Namespace[];
