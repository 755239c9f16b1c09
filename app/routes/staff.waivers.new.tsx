import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WaiverRequestPanel } from "~/components/waiver-request-panel";
import type { WaiverFieldName, WaiverRequestResult } from "~/components/waiver-request-panel";
import { z } from "zod";
import { maskCardLast4 } from "~/domain/mask";
import { normaliseEmail, normaliseLast4, normalisePhone } from "~/domain/normalise";
import { CARD_BRANDS, normaliseWaiverReference } from "~/domain/waiver-rules";
import type { WaiverSource } from "~/domain/waiver-rules";
import { lookupAffected } from "~/models/lookup.server";
import {
  AGENT_LOOKUP_FRESH_MINUTES,
  createWaiverRequest,
  findAffectedRecordForWaiver,
  findOpenWaiverForRecord,
  hasFreshAgentLookup,
  listCardCompanies,
} from "~/models/waiver.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "Waiver request | Madoguchi" }];

const IdParam = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

function readIds(url: URL) {
  const record = IdParam.safeParse(url.searchParams.get("record") ?? "");
  const contact = IdParam.safeParse(url.searchParams.get("contact") ?? "");
  return { recordId: record.success ? record.data : null, contactId: contact.success ? contact.data : null };
}

/**
 * An agent takes a waiver request during a call (or from an email): /staff/waivers/new?record=ID
 * [&contact=CONTACT_ID]. The record must have been verified as affected by this agent's own
 * lookup within the last minutes (the desk's lookup, or the check on this page); the last 4
 * digits come from the record, so the caller is never asked for card data.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  const url = new URL(request.url);
  const { recordId, contactId } = readIds(url);
  const record = recordId ? await findAffectedRecordForWaiver({ id: recordId }) : null;
  if (!record || record.anonymisedAt) throw new Response("Not Found", { status: 404 });
  const fresh = await hasFreshAgentLookup({ userId: user.id, affectedRecordId: record.id });
  const created = normaliseWaiverReference(url.searchParams.get("created") ?? "");
  const [companies, open] = fresh
    ? await Promise.all([listCardCompanies(), findOpenWaiverForRecord({ affectedRecordId: record.id })])
    : [[], []];
  if (fresh) {
    await recordAudit({
      actor: userActor(user),
      action: "record.view",
      entityType: "affected_record",
      entityId: record.id,
      request,
      details: { purpose: "waiver" },
    });
  }
  return {
    recordId: record.id,
    contactId,
    fresh,
    freshMinutes: AGENT_LOOKUP_FRESH_MINUTES,
    created,
    companies,
    open: open.map((o) => ({ reference: o.reference, status: o.status, last4: maskCardLast4(o.cardLast4) })),
    card: fresh ? { brand: record.cardBrand, last4: record.cardLast4 ? maskCardLast4(record.cardLast4) : null } : null,
  };
}

const VerifySchema = z.object({
  intent: z.literal("verify"),
  name: z.string().trim().min(1).max(100),
  phone: z.string().trim().max(40),
  email: z.string().trim().max(254),
  reference: z.string().trim().max(60),
});

const CreateSchema = z.object({
  intent: z.literal("create"),
  cardCompanyId: z.string().trim().min(1).max(64),
  cardBrand: z.union([z.literal(""), z.enum(CARD_BRANDS)]),
  last4: z.string().trim().max(20),
  contactName: z.string().trim().min(1).max(100),
  contactEmail: z.string().trim().max(254),
  contactPhone: z.string().trim().max(40),
  source: z.enum(["agent", "email"] satisfies WaiverSource[]),
  consent: z.literal("yes"),
});

type FieldName = WaiverFieldName;
type ActionResult = WaiverRequestResult;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "agent");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "waivers");
  const url = new URL(request.url);
  const { recordId, contactId } = readIds(url);
  const record = recordId ? await findAffectedRecordForWaiver({ id: recordId }) : null;
  if (!record || record.anonymisedAt) throw new Response("Not Found", { status: 404 });
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && typeof v === "string")) as Record<
    string,
    string
  >;
  const self = `/staff/waivers/new?${new URLSearchParams({ record: record.id, ...(contactId ? { contact: contactId } : {}) }).toString()}`;

  if (values.intent === "verify") {
    const parsed = VerifySchema.safeParse(values);
    if (!parsed.success) return data<ActionResult>({ errors: { name: t("validation.required") }, values }, { status: 400 });
    const result = await lookupAffected({
      incidentId: record.incidentId,
      query: {
        name: parsed.data.name,
        phone: parsed.data.phone || null,
        email: parsed.data.email || null,
        reference: parsed.data.reference || null,
      },
      channel: "agent",
      actor: userActor(user),
      request,
    });
    if (result.outcome === "affected" && result.best?.recordId === record.id && result.best.verdict === "affected")
      return redirect(self);
    return data<ActionResult>({ errors: { form: t("agent.notVerified") }, values }, { status: 400 });
  }

  // Creating needs a fresh verified lookup of this very record by this agent, checked again here.
  if (!(await hasFreshAgentLookup({ userId: user.id, affectedRecordId: record.id }))) {
    return data<ActionResult>(
      { errors: { form: t("agent.verifyFirst", { minutes: AGENT_LOOKUP_FRESH_MINUTES }) }, values },
      { status: 403 },
    );
  }
  const parsed = CreateSchema.safeParse(values);
  const errors: ActionResult["errors"] = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "cardCompanyId") errors.cardCompanyId = t("validation.chooseCompany");
      else if (field === "contactName") errors.contactName = t("validation.required");
      else if (field === "consent") errors.consent = t("validation.consentAgent");
      else if (field === "cardBrand" || field === "source") errors[field] = t("validation.invalidChoice");
      else if (field === "intent") errors.form = t("validation.invalidChoice");
      else if (typeof field === "string") errors[field as FieldName] = t("validation.tooLong", { max: 100 });
    }
  }
  const email = (values.contactEmail ?? "").trim();
  const phone = (values.contactPhone ?? "").trim();
  if (!email && !phone) errors.contactEmail = t("validation.contactRequired");
  if (email && !errors.contactEmail && !normaliseEmail(email)) errors.contactEmail = t("validation.email");
  if (phone && !errors.contactPhone && !normalisePhone(phone)) errors.contactPhone = t("validation.phone");
  if ((values.last4 ?? "").trim() && !errors.last4 && !normaliseLast4(values.last4 ?? "")) errors.last4 = t("validation.last4");
  if (!parsed.success || Object.keys(errors).length) return data<ActionResult>({ errors, values }, { status: 400 });

  const result = await createWaiverRequest(
    {
      affectedRecordId: record.id,
      cardCompanyId: parsed.data.cardCompanyId,
      cardBrand: parsed.data.cardBrand || null,
      last4: parsed.data.last4,
      contactName: parsed.data.contactName,
      contactEmail: email || null,
      contactPhone: phone || null,
      consent: true,
      source: parsed.data.source,
      contactId,
      byUserId: user.id,
    },
    { actor: userActor(user), request },
  );
  if (result.ok) {
    // Embedded in the agent desk (a fetcher): answer in place, so the call screen stays where it is.
    if (form.get("embedded") === "1") return data<ActionResult>({ errors: {}, values: {}, created: result.reference });
    return redirect(`${self}&created=${encodeURIComponent(result.reference)}`);
  }
  switch (result.problem) {
    case "duplicate":
      return data<ActionResult>(
        {
          errors: { form: t("agent.duplicate", { reference: result.existingReference }) },
          values,
          existingReference: result.existingReference,
        },
        { status: 409 },
      );
    case "last4-mismatch":
      return data<ActionResult>({ errors: { last4: t("validation.last4Mismatch") }, values }, { status: 400 });
    case "last4-required":
      return data<ActionResult>({ errors: { last4: t("validation.last4Required") }, values }, { status: 400 });
    case "last4-invalid":
      return data<ActionResult>({ errors: { last4: t("validation.last4") }, values }, { status: 400 });
    case "card-company-unknown":
      return data<ActionResult>({ errors: { cardCompanyId: t("validation.chooseCompany") }, values }, { status: 400 });
    case "contact-required":
      return data<ActionResult>({ errors: { contactEmail: t("validation.contactRequired") }, values }, { status: 400 });
    case "record-not-found":
      throw new Response("Not Found", { status: 404 });
  }
}

export default function AgentWaiverRequest() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <WaiverRequestPanel data={data} result={result} />;
}
