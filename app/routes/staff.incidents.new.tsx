import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { FormLevelError, IncidentFieldset, SiteFieldset, TextField, WindowFields } from "~/components/incident-forms";
import type { FormFailure } from "~/components/incident-forms";
import { SLUG_MAX, parseIncidentCreate, parseSiteCreate } from "~/domain/incident-form";
import { createIncident } from "~/models/incident-admin.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formValues } from "~/utils/form-values";
import { incidentErrorTranslator } from "~/utils/incident-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "supervisor");
  return null;
}

/** Creates the incident with its first site and window; hotlines are added on the edit page. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const form = await readForm(request);
  const values = formValues(form, { multi: ["stolenItems"] });
  const translate = await incidentErrorTranslator(request);
  const fail = (errors: Record<string, string>) =>
    data<FormFailure>({ intent: "incident.create", target: null, values, errors }, { status: 400 });

  const incident = parseIncidentCreate(values);
  const site = parseSiteCreate(values);
  if (!incident.success || !site.success) {
    return fail(translate({ ...(incident.success ? {} : incident.errors), ...(site.success ? {} : site.errors) }));
  }
  const created = await createIncident({ incident: incident.data, site: site.data });
  if (!created.ok) return fail(translate({ [created.field]: created.error }));

  const actor = userActor(user);
  await recordAudit({
    actor,
    action: "incident.create",
    entityType: "incident",
    entityId: created.id,
    request,
    details: { slug: created.slug, active: incident.data.active, reportedTo: incident.data.reportedTo.length },
  });
  await recordAudit({
    actor,
    action: "site.create",
    entityType: "site",
    entityId: created.siteId,
    request,
    details: { incidentId: created.id, slug: site.data.slug, stolenItems: site.data.stolenItems },
  });
  await recordAudit({
    actor,
    action: "window.create",
    entityType: "exposure_window",
    entityId: created.windowId,
    request,
    details: { incidentId: created.id, siteId: created.siteId, fields: ["startDate", "endDate", "note"] },
  });
  return redirect(`/staff/incidents/${created.slug}?saved=created`);
}

export default function NewIncident() {
  const failure = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { t } = useTranslation("incidents");
  const values = failure?.values ?? {};
  const errors = failure?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/staff/incidents">{t("backToList")}</Link>
      </p>
      <h1>{t("newTitle")}</h1>
      <p>{t("newIntro")}</p>
      <FormLevelError errors={errors} />
      <Form method="post" className="incident-form" noValidate>
        <CsrfField />
        <section className="card">
          <h2>{t("sections.incident")}</h2>
          <IncidentFieldset
            prefix="new"
            values={values}
            errors={errors}
            slug={
              <TextField
                prefix="new"
                name="slug"
                label={t("fields.slug")}
                values={values}
                errors={errors}
                required
                maxLength={SLUG_MAX}
                help={t("fields.slugHelp")}
                placeholder="cou-2017"
              />
            }
          />
        </section>
        <section className="card">
          <h2>{t("sections.firstSite")}</h2>
          <SiteFieldset
            prefix="new-site"
            values={values}
            errors={errors}
            slug={
              <TextField
                prefix="new-site"
                name="siteSlug"
                label={t("site.slug")}
                values={values}
                errors={errors}
                required
                maxLength={SLUG_MAX}
                help={t("site.slugHelp")}
                placeholder="shop"
              />
            }
          />
          <h3>{t("sections.windows")}</h3>
          <p className="muted field-help">{t("window.help")}</p>
          <WindowFields prefix="new-window" values={values} errors={errors} />
        </section>
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("actions.create")}
          </button>
        </p>
      </Form>
    </>
  );
}
