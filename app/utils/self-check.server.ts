/**
 * The self-check's form rules and its hotline list, shared by the /check page's action
 * (app/routes/check.tsx) and by the short refusal for addresses that flood it
 * (app/utils/self-check-flood.server.tsx), so both read a post the same way.
 */
import type { TFunction } from "i18next";
import { z } from "zod";
import type { LookupQuery } from "~/models/lookup.server";
import { getHotlineStatus } from "~/models/hours.server";
import type { HotlineStatus } from "~/models/hours.server";
import { findSelfCheckIncident } from "~/models/incident.server";
import { SELF_CHECK_HONEYPOT_FIELD } from "~/domain/lookup-rules";
import { normaliseEmail, normalisePhone } from "~/domain/normalise";

const HONEYPOT_FIELD = SELF_CHECK_HONEYPOT_FIELD;

export type SelfCheckValues = { incident: string; name: string; email: string; phone: string; reference: string };
export type SelfCheckField = keyof SelfCheckValues | "contact" | "form";
export type SelfCheckIncident = NonNullable<Awaited<ReturnType<typeof findSelfCheckIncident>>>;

export type PublicHotline = {
  id: string;
  kind: string;
  labelJa: string;
  labelEn: string;
  address: string;
  status: HotlineStatus | null;
};

export const SelfCheckSlugSchema = z.string().trim().min(1).max(100);

const FormSchema = z.object({
  incident: SelfCheckSlugSchema,
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().max(254),
  phone: z.string().trim().max(40),
  reference: z.string().trim().max(64),
});

export type SelfCheckForm =
  | { ok: false; values: SelfCheckValues; errors: Partial<Record<SelfCheckField, string>>; honeypot: boolean }
  | { ok: true; values: SelfCheckValues; incident: SelfCheckIncident; query: LookupQuery };

/**
 * Reads a posted self-check form: what the customer typed (to show back), and either the errors
 * to show (each in the customer's language) or the incident and the lookup query.
 */
export async function readSelfCheckForm(form: FormData, t: TFunction<"check">): Promise<SelfCheckForm> {
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const values: SelfCheckValues = { incident: str("incident"), name: str("name"), email: str("email"), phone: str("phone"), reference: str("reference") };
  // A filled honeypot is a bot: refuse without looking anything up and without saying why.
  if (str(HONEYPOT_FIELD) !== "") return { ok: false, values, errors: { form: t("errors.honeypot") }, honeypot: true };

  const errors: Partial<Record<SelfCheckField, string>> = {};
  const parsed = FormSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "incident") errors.incident = t("errors.incident");
      else if (field === "name") errors.name = values.name.trim() ? t("errors.tooLong", { max: 100 }) : t("errors.name");
      else if (field === "email") errors.email = t("errors.tooLong", { max: 254 });
      else if (field === "phone") errors.phone = t("errors.tooLong", { max: 40 });
      else if (field === "reference") errors.reference = t("errors.tooLong", { max: 64 });
    }
  }
  const email = values.email.trim();
  const phone = values.phone.trim();
  if (!email && !phone) errors.contact = t("errors.contact");
  if (email && !errors.email && !normaliseEmail(email)) errors.email = t("errors.email");
  if (phone && !errors.phone && !normalisePhone(phone)) errors.phone = t("errors.phone");
  const incident = parsed.success ? await findSelfCheckIncident(parsed.data.incident) : null;
  if (parsed.success && (!incident || !incident.active)) errors.incident = t("errors.incident");
  if (Object.keys(errors).length > 0 || !incident || !parsed.success) return { ok: false, values, errors, honeypot: false };
  return {
    ok: true,
    values,
    incident,
    query: { name: parsed.data.name, email: email || null, phone: phone || null, reference: parsed.data.reference || null },
  };
}

/** The incident's phone lines (with whether each is open now) and email addresses, for the public. */
export async function publicHotlines(incident: SelfCheckIncident, now: Date): Promise<PublicHotline[]> {
  return Promise.all(
    incident.hotlines.map(async (h) => ({
      id: h.id,
      kind: h.kind,
      labelJa: h.labelJa,
      labelEn: h.labelEn,
      address: h.address,
      status: h.kind === "phone" ? await safeStatus(h, incident.id, now) : null,
    })),
  );
}

async function safeStatus(hotline: { weeklyHours: string; yearEndClosure: boolean }, incidentId: string, at: Date): Promise<HotlineStatus | null> {
  try {
    return await getHotlineStatus({ hotline, incidentId, at });
  } catch {
    return null; // unreadable hours: show the number without hours rather than fail the check
  }
}
