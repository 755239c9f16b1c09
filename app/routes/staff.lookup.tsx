/**
 * /staff/lookup: the agent looks a caller up on the current incident's affected list.
 * A GET form (the query is in the URL, so Back and reload work; the request log records the path
 * only, and nothing here logs the query). The loader's data is also what <LookupPanel/> fetches.
 * `?record=ID` shows one record's detail (audited as record.view).
 */
import { data } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LookupPageForm, LookupResults } from "~/components/lookup-panel";
import type { LookupPageData } from "~/components/lookup-panel";
import { findIncidentBySlug, listIncidentChoices } from "~/models/incident.server";
import {
  CALL_SCRIPT_FOR_OUTCOME,
  findApprovedScriptTexts,
  lookupAffected,
  prepareLookupQuery,
  recordRefusedLookup,
  viewAffectedRecord,
} from "~/models/lookup.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { pick } from "~/utils/format";
import { hitRateLimit } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Madoguchi" }];

/** Lookups one staff member may make: generous for a busy line, a brake on bulk harvesting. */
export const AGENT_LOOKUP_LIMIT = { limit: 300, windowSeconds: 3600 };

// URL parameters, leniently: an over-long value is ignored rather than an error.
const text = (max: number) => z.string().trim().max(max).catch("");
const ParamsSchema = z.object({
  name: text(100),
  phone: text(40),
  email: text(254),
  reference: text(64),
  last4: text(8),
  incident: z.string().max(100).catch(""),
  record: z.string().max(64).catch(""),
});
const QUERY_FIELDS = ["name", "phone", "email", "reference", "last4"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  const url = new URL(request.url);
  const raw = Object.fromEntries(["name", "phone", "email", "reference", "last4", "incident", "record"].map((k) => [k, url.searchParams.get(k) ?? ""]));
  const params = ParamsSchema.parse(raw);
  const query = { name: params.name, phone: params.phone, email: params.email, reference: params.reference, last4: params.last4 };

  const choices = await listIncidentChoices();
  const slug = choices.some((c) => c.slug === params.incident) ? params.incident : await getCurrentIncidentSlug(request, choices);
  const incident = slug ? await findIncidentBySlug(slug) : null;

  const page: LookupPageData = {
    incident: incident ? { slug: incident.slug, titleJa: incident.titleJa, titleEn: incident.titleEn } : null,
    query,
    submitted: QUERY_FIELDS.some((k) => url.searchParams.has(k)),
    needAFact: false,
    rateLimitedMinutes: null,
    result: null,
    unusable: [],
    script: null,
    detail: null,
    detailRequested: params.record !== "",
  };

  if (page.detailRequested) {
    page.detail = await viewAffectedRecord({ recordId: params.record, incidentId: incident?.id, actor: userActor(user), request });
  }
  if (!incident || !page.submitted) return page;

  const prepared = prepareLookupQuery(query);
  page.unusable = prepared.unusable;
  if (prepared.given.length === 0) {
    page.needAFact = true;
    return page;
  }

  const hit = await hitRateLimit({ key: `lookup-user:${user.id}`, ...AGENT_LOOKUP_LIMIT });
  if (!hit.allowed) {
    await recordRefusedLookup({ incidentId: incident.id, query, channel: "agent", actor: userActor(user), request, reason: "user" });
    page.rateLimitedMinutes = Math.ceil(hit.retryAfterSeconds / 60);
    return data(page, { status: 429, headers: { "Retry-After": String(hit.retryAfterSeconds) } });
  }

  const result = await lookupAffected({ incidentId: incident.id, query, channel: "agent", actor: userActor(user), request });
  const scriptKey = CALL_SCRIPT_FOR_OUTCOME[result.outcome];
  const scripts = await findApprovedScriptTexts({ incidentId: incident.id, keys: [scriptKey] });
  page.result = {
    lookupId: result.lookupId,
    outcome: result.outcome,
    unusable: result.unusable,
    candidates: result.candidates,
    best: result.best,
  };
  page.script = scripts[scriptKey] ?? null;
  return page;
}

/**
 * A lookup is an audited event: do not repeat it because some action on the page (or on the
 * desk that embeds the panel) ran, except when the incident was switched.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formAction, defaultShouldRevalidate }) => {
  // GET submissions (the lookup form itself) are navigations: they always load.
  const mutation = formMethod !== undefined && formMethod.toUpperCase() !== "GET";
  if (mutation && formAction !== "/staff/incident") return false;
  return defaultShouldRevalidate;
};

export default function LookupPage() {
  const page = useLoaderData<typeof loader>() as LookupPageData;
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("lookup");
  return (
    <div className="lookup-page">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {page.incident ? (
        <>
          <p className="muted">{t("incident", { title: pick(i18n.language, page.incident.titleJa, page.incident.titleEn) })}</p>
          <LookupPageForm data={page} busy={navigation.state !== "idle" && navigation.location?.pathname === "/staff/lookup"} />
        </>
      ) : (
        <p className="notice warn">{t("noIncident")}</p>
      )}
      <LookupResults data={page} />
    </div>
  );
}
