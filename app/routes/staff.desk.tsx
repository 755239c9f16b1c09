/**
 * The agent desk: one screen for a whole call.
 *   1. Lookup: who is calling, are they affected (two facts we hold, never card data).
 *   2. Script: the approved words for each step, with branches and escalations.
 *   3. Waiver: take a reissue-fee waiver request for a verified affected caller.
 *   4. Log: the contact form, pre-filled from the lookup; saving starts the next call.
 * Everything keeps working without JavaScript through the linked pages
 * (/staff/lookup, /staff/scripts/call, /staff/waivers/new, /staff/contacts/new).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CallScriptPanel } from "~/components/call-script-panel";
import { ContactForm, ContactLoggedNotice } from "~/components/contact-form";
import type { ContactFormDefaults } from "~/components/contact-form";
import { IncidentOverviewCards } from "~/components/incident-overview";
import { LookupPanel } from "~/components/lookup-panel";
import type { LookupPageData } from "~/components/lookup-panel";
import { WaiverRequestPanel } from "~/components/waiver-request-panel";
import type { WaiverRequestData, WaiverRequestResult } from "~/components/waiver-request-panel";
import { findIncidentBySlug, listIncidentChoices } from "~/models/incident.server";
import { loadCallScripts } from "~/models/script.server";
import { getIncidentOverview } from "~/models/staff-home.server";
import { requireUser } from "~/utils/auth.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { pick } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "応対デスク | Agent desk | Madoguchi" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "agent");
  const slug = await getCurrentIncidentSlug(request, await listIncidentChoices());
  const incident = slug ? await findIncidentBySlug(slug) : null;
  if (!incident) return { incident: null, overview: null, scripts: null };
  const locale = await getLocale(request);
  const [overview, scripts] = await Promise.all([
    getIncidentOverview({ slug: incident.slug }),
    loadCallScripts({ incidentId: incident.id, locale }),
  ]);
  return {
    incident: { slug: incident.slug, titleJa: incident.titleJa, titleEn: incident.titleEn },
    overview,
    scripts,
  };
}

type Caller = {
  recordId: string | null;
  verified: boolean;
  affected: boolean;
  name: string;
  phone: string;
  email: string;
  reference: string;
};

/** What the contact form should start from, given the last lookup. */
function contactDefaults(caller: Caller | null): ContactFormDefaults {
  if (!caller) return { channel: "phone_in" };
  return {
    channel: "phone_in",
    callerName: caller.name,
    callerContact: caller.phone || caller.email,
    reference: caller.reference,
    identityVerified: caller.verified,
    affectedRecordId: caller.verified && caller.recordId ? caller.recordId : undefined,
    categories: ["affected_check"],
  };
}

export default function AgentDesk() {
  const { incident, overview, scripts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const [caller, setCaller] = useState<Caller | null>(null);

  const onLookup = useCallback((data: LookupPageData) => {
    const best = data.result?.best ?? null;
    setCaller({
      recordId: best?.recordId ?? null,
      verified: Boolean(best?.verified),
      affected: best?.verdict === "affected",
      name: data.query.name,
      phone: data.query.phone,
      email: data.query.email,
      reference: data.query.reference,
    });
  }, []);

  if (!incident || !scripts) {
    return (
      <>
        <h1>{t("home.agentTitle")}</h1>
        <p>{t("staff.noIncident")}</p>
      </>
    );
  }
  const title = pick(i18n.language, incident.titleJa, incident.titleEn);
  const waiverRecord = caller?.verified && caller.affected ? caller.recordId : null;
  return (
    <>
      <h1>{t("home.agentTitle")}</h1>
      <p className="muted">{t("home.agentIntro")}</p>
      <ContactLoggedNotice />
      {overview ? <IncidentOverviewCards overview={overview} /> : null}
      <div className="desk-grid">
        <section className="card desk-column" aria-label={t("desk.lookup")}>
          <LookupPanel incident={incident.slug} onResult={onLookup} />
        </section>
        <section className="card desk-column" aria-label={t("desk.script")}>
          <CallScriptPanel
            scripts={scripts}
            headingLevel={2}
            renderExtra={(step) =>
              step.key === "call.waiver-take" ? (
                waiverRecord ? (
                  <DeskWaiver recordId={waiverRecord} caller={caller!} />
                ) : (
                  <p className="notice warn" data-testid="desk-waiver-needs-lookup">
                    {t("desk.waiverNeedsVerifiedCaller")}
                  </p>
                )
              ) : null
            }
          />
        </section>
        <section className="card desk-column" aria-labelledby="desk-log-title">
          <h2 id="desk-log-title">{t("desk.log")}</h2>
          {caller?.verified ? (
            <p className="badge ok" data-testid="desk-verified">
              {caller.affected ? t("desk.verifiedAffected") : t("desk.verifiedNotAffected")}
            </p>
          ) : null}
          <ContactForm
            key={caller?.recordId ?? "no-caller"}
            incident={{ slug: incident.slug, title }}
            defaults={contactDefaults(caller)}
            redirectTo="/staff/desk"
            autoFocus={false}
            idPrefix="desk-contact"
          />
        </section>
      </div>
      <p className="muted small">
        <Link to="/staff/lookup">{t("desk.fullLookup")}</Link> · <Link to="/staff/scripts/call">{t("desk.fullScript")}</Link> ·{" "}
        <Link to="/staff/queue">{t("nav.queue")}</Link>
      </p>
    </>
  );
}

/** The waiver form inside the script step, loaded and sent through a fetcher so the call screen stays put. */
function DeskWaiver({ recordId, caller }: { recordId: string; caller: Caller }) {
  const loader = useFetcher<WaiverRequestData>();
  const submit = useFetcher<WaiverRequestResult>();
  const href = `/staff/waivers/new?record=${encodeURIComponent(recordId)}`;
  const { load } = loader;
  useEffect(() => {
    load(href);
  }, [load, href]);
  const data = loader.data;
  if (!data) return null;
  return (
    <div className="desk-waiver" data-testid="desk-waiver">
      <WaiverRequestPanel
        data={data}
        result={submit.data ?? null}
        FormComponent={submit.Form}
        action={href}
        defaults={{ contactName: caller.name, contactEmail: caller.email, contactPhone: caller.phone }}
        standalone={false}
      />
    </div>
  );
}
