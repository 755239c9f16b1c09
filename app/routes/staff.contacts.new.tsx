/**
 * /staff/contacts/new: log a contact (agents and up). The action is also the target of the
 * <ContactForm/> embedded on the agent desk. A successful save redirects to `redirectTo`
 * (default: this page, a fresh form) with ?logged=ID&cards=N&codes=N for the notice.
 *
 * URL parameters (all optional, read leniently): channel, affectedRecordId + identityVerified=1
 * (a lookup can link here with the record it found).
 */
import { redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ContactForm, ContactLoggedNotice, loggedFlashUrl } from "~/components/contact-form";
import type { ContactFormActionData } from "~/components/contact-form";
import { CONTACT_CHANNELS, formatTokyoLocalDateTime } from "~/domain/contact-rules";
import { ContactInputError, createContact } from "~/models/contact.server";
import { listIncidentChoices } from "~/models/incident.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { contactFormError, parseContactForm } from "~/utils/contact-form.server";
import { readForm } from "~/utils/csrf.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { pick } from "~/utils/format";
import { safeRedirectPath } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Contact | Madoguchi" }];

const DefaultsSchema = z.object({
  channel: z.enum(CONTACT_CHANNELS).optional().catch(undefined),
  affectedRecordId: z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .optional()
    .catch(undefined),
  identityVerified: z.literal("1").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "agent");
  const incidents = await listIncidentChoices();
  const slug = await getCurrentIncidentSlug(request, incidents);
  const incident = incidents.find((i) => i.slug === slug) ?? null;
  const params = DefaultsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    incident: incident ? { slug: incident.slug, titleJa: incident.titleJa, titleEn: incident.titleEn } : null,
    defaults: {
      channel: params.channel,
      startedAt: formatTokyoLocalDateTime(new Date()),
      identityVerified: params.identityVerified === "1",
      affectedRecordId: params.identityVerified === "1" ? params.affectedRecordId : undefined,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "agent");
  const form = await readForm(request);
  const parsed = parseContactForm(form);
  if (!parsed.ok) return contactFormError(request, form, parsed.errors);
  try {
    const { contact, redaction } = await createContact({
      input: parsed.input,
      source: "agent",
      agentId: user.id,
      status: "closed",
      actor: userActor(user),
      request,
    });
    const target = safeRedirectPath(form.get("redirectTo"), "/staff/contacts/new");
    return redirect(loggedFlashUrl(target, { id: contact.id, ...redaction }));
  } catch (error) {
    if (error instanceof ContactInputError) return contactFormError(request, form, { [error.field]: error.code });
    throw error;
  }
}

export default function NewContact() {
  const { incident, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ContactFormActionData | undefined;
  const { t, i18n } = useTranslation("contacts");
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("form.title")}</h1>
      <ContactLoggedNotice />
      {incident ? (
        <div className="card">
          <ContactForm
            // A fresh form after each save.
            key={params.get("logged") ?? "new"}
            incident={{ slug: incident.slug, title: pick(i18n.language, incident.titleJa, incident.titleEn) }}
            defaults={defaults}
            result={result ?? null}
          />
        </div>
      ) : (
        <p>{t("queue.noIncident")}</p>
      )}
    </>
  );
}
