import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import {
  FormLevelError,
  HotlineFieldset,
  IncidentFieldset,
  SiteFieldset,
  TextField,
  WindowFields,
  hotlineToValues,
  incidentToValues,
  siteToValues,
  windowToValues,
} from "~/components/incident-forms";
import type { FormErrors, FormFailure } from "~/components/incident-forms";
import {
  DEFAULT_RESPONSE_TARGET_MINUTES,
  SLUG_MAX,
  isValidSlug,
  parseHotline,
  parseIncidentFields,
  parseSiteCreate,
  parseSiteFields,
  parseWindow,
} from "~/domain/incident-form";
import type { FieldErrors, FormValues } from "~/domain/incident-form";
import {
  createHotline,
  createSite,
  createWindow,
  deleteHotline,
  deleteSite,
  deleteWindow,
  findIncidentRef,
  getIncidentForEdit,
  updateHotline,
  updateIncident,
  updateSite,
  updateWindow,
} from "~/models/incident-admin.server";
import type { IncidentForEdit } from "~/models/incident-admin.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatCalendarDate, pick } from "~/utils/format";
import { formValues } from "~/utils/form-values";
import { incidentErrorTranslator } from "~/utils/incident-errors.server";

const INTENTS = [
  "incident.update",
  "hotline.create",
  "hotline.update",
  "hotline.delete",
  "site.create",
  "site.update",
  "site.delete",
  "window.create",
  "window.update",
  "window.delete",
] as const;
type Intent = (typeof INTENTS)[number];

/** The confirmation shown after a redirect (?saved=...). */
const SAVED = [
  "created",
  "incident",
  "unchanged",
  "hotlineCreated",
  "hotlineUpdated",
  "hotlineDeleted",
  "siteCreated",
  "siteUpdated",
  "siteDeleted",
  "windowCreated",
  "windowUpdated",
  "windowDeleted",
] as const;
const SavedParam = z.enum(SAVED).nullable().catch(null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "supervisor");
  const slug = params.slug ?? "";
  const incident = isValidSlug(slug) ? await getIncidentForEdit({ slug }) : null;
  if (!incident) throw new Response("Not Found", { status: 404 });
  return { incident, saved: SavedParam.parse(new URL(request.url).searchParams.get("saved")) };
}

/**
 * One small form per thing on the page (the incident, each hotline, site and window, and an
 * "add" form for each list), told apart by `intent` and `target` (the id of the hotline, site or
 * window; for window.create the site). Works the same with and without JavaScript.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const form = await readForm(request);
  const slug = params.slug ?? "";
  const incident = isValidSlug(slug) ? await findIncidentRef({ slug }) : null;
  if (!incident) throw new Response("Not Found", { status: 404 });

  const values = formValues(form, { multi: ["stolenItems"] });
  const translate = await incidentErrorTranslator(request);
  const intent = z.enum(INTENTS).safeParse(values.intent);
  const target = typeof values.target === "string" && values.target.length <= 64 ? values.target : null;
  if (!intent.success) {
    return data<FormFailure>({ intent: "unknown", target, values, errors: translate({ form: "invalid" }) }, { status: 400 });
  }
  const fail = (errors: FieldErrors) =>
    data<FormFailure>({ intent: intent.data, target, values, errors: translate(errors) }, { status: 400 });
  const done = (saved: (typeof SAVED)[number], anchor: string) =>
    redirect(`/staff/incidents/${incident.slug}?saved=${saved}#${anchor}`);
  const actor = userActor(user);
  const audit = (action: string, entityType: string, entityId: string, details: Record<string, unknown>) =>
    recordAudit({ actor, action, entityType, entityId, request, details: { incidentId: incident.id, ...details } });
  const needTarget = () => (target ? null : fail({ form: "notFound" }));

  switch (intent.data) {
    case "incident.update": {
      const parsed = parseIncidentFields(values);
      if (!parsed.success) return fail(parsed.errors);
      const result = await updateIncident({ id: incident.id, fields: parsed.data });
      if (!result.ok) return fail({ [result.field]: result.error });
      if (result.changed.length === 0) return done("unchanged", "incident");
      await audit("incident.update", "incident", incident.id, { changed: result.changed });
      return done("incident", "incident");
    }
    case "hotline.create": {
      const parsed = parseHotline(values);
      if (!parsed.success) return fail(parsed.errors);
      const result = await createHotline({ incidentId: incident.id, hotline: parsed.data });
      if (!result.ok) return fail({ [result.field]: result.error });
      await audit("hotline.create", "hotline", result.id, {
        kind: parsed.data.kind,
        isMain: parsed.data.isMain,
        fields: result.changed,
      });
      return done("hotlineCreated", `hotline-${result.id}`);
    }
    case "hotline.update": {
      const parsed = parseHotline(values);
      if (!parsed.success) return fail(parsed.errors);
      if (!target) return needTarget();
      const result = await updateHotline({ incidentId: incident.id, hotlineId: target, hotline: parsed.data });
      if (!result.ok) return fail({ [result.field]: result.error });
      if (result.changed.length === 0) return done("unchanged", `hotline-${target}`);
      await audit("hotline.update", "hotline", target, { changed: result.changed });
      return done("hotlineUpdated", `hotline-${target}`);
    }
    case "hotline.delete": {
      if (!target) return needTarget();
      const result = await deleteHotline({ incidentId: incident.id, hotlineId: target });
      if (!result.ok) return fail({ [result.field]: result.error });
      await audit("hotline.delete", "hotline", target, {});
      return done("hotlineDeleted", "hotlines");
    }
    case "site.create": {
      const parsed = parseSiteCreate(values);
      if (!parsed.success) return fail(parsed.errors);
      const result = await createSite({ incidentId: incident.id, site: parsed.data });
      if (!result.ok) return fail({ [result.field]: result.error });
      await audit("site.create", "site", result.id, { slug: parsed.data.slug, stolenItems: parsed.data.stolenItems });
      if (result.windowId) {
        await audit("window.create", "exposure_window", result.windowId, {
          siteId: result.id,
          fields: ["startDate", "endDate", "note"],
        });
      }
      return done("siteCreated", `site-${result.id}`);
    }
    case "site.update": {
      const parsed = parseSiteFields(values);
      if (!parsed.success) return fail(parsed.errors);
      if (!target) return needTarget();
      const result = await updateSite({ incidentId: incident.id, siteId: target, site: parsed.data });
      if (!result.ok) return fail({ [result.field]: result.error });
      if (result.changed.length === 0) return done("unchanged", `site-${target}`);
      await audit("site.update", "site", target, { changed: result.changed });
      return done("siteUpdated", `site-${target}`);
    }
    case "site.delete": {
      if (!target) return needTarget();
      const result = await deleteSite({ incidentId: incident.id, siteId: target });
      if (!result.ok) return fail({ [result.field]: result.error });
      await audit("site.delete", "site", target, {});
      return done("siteDeleted", "sites");
    }
    case "window.create": {
      const parsed = parseWindow(values);
      if (!parsed.success) return fail(parsed.errors);
      if (!target) return needTarget();
      const result = await createWindow({ incidentId: incident.id, siteId: target, window: parsed.data });
      if (!result.ok) return fail({ [result.field]: result.error });
      await audit("window.create", "exposure_window", result.id, { siteId: target, fields: result.changed });
      return done("windowCreated", `site-${target}`);
    }
    case "window.update": {
      const parsed = parseWindow(values);
      if (!parsed.success) return fail(parsed.errors);
      if (!target) return needTarget();
      const result = await updateWindow({ incidentId: incident.id, windowId: target, window: parsed.data });
      if (!result.ok) return fail({ [result.field]: result.error });
      if (result.changed.length === 0) return done("unchanged", `window-${target}`);
      await audit("window.update", "exposure_window", target, { siteId: result.siteId, changed: result.changed });
      return done("windowUpdated", `window-${target}`);
    }
    case "window.delete": {
      if (!target) return needTarget();
      const result = await deleteWindow({ incidentId: incident.id, windowId: target });
      if (!result.ok) return fail({ [result.field]: result.error });
      await audit("window.delete", "exposure_window", target, { siteId: result.siteId });
      return done("windowDeleted", `site-${result.siteId ?? ""}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------

/** The values and errors a form shows: what the user typed if this form was just refused, else the stored record. */
function formStateFor(failure: FormFailure | undefined) {
  return (intents: readonly Intent[], target: string | null, stored: FormValues): { values: FormValues; errors: FormErrors } =>
    failure && (intents as readonly string[]).includes(failure.intent) && failure.target === target
      ? { values: failure.values, errors: failure.errors }
      : { values: stored, errors: {} };
}

/** React key that changes when the stored record changes, so a saved form shows the saved values. */
const keyOf = (value: unknown) => JSON.stringify(value);

export default function EditIncident() {
  const { incident, saved } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { t, i18n } = useTranslation("incidents");
  const lng = i18n.language;
  const formState = formStateFor(failure);
  const incidentForm = formState(["incident.update"], null, incidentToValues(incident));
  const hasPhone = incident.hotlines.some((h) => h.kind === "phone");

  return (
    <>
      <p>
        <Link to="/staff/incidents">{t("backToList")}</Link>
        {incident.active ? (
          <>
            {" · "}
            <a href={`/i/${incident.slug}`}>{t("viewPublic")}</a>
          </>
        ) : null}
      </p>
      <h1>{t("editTitle", { title: pick(lng, incident.titleJa, incident.titleEn) })}</h1>
      {saved ? (
        <p className="notice success" role="status" data-testid="saved">
          {t(`saved.${saved}`)}
        </p>
      ) : null}
      {failure?.intent === "unknown" ? <FormLevelError errors={failure.errors} /> : null}

      <section className="card" id="incident">
        <h2>{t("sections.incident")}</h2>
        <FormLevelError errors={incidentForm.errors} />
        <Form method="post" className="incident-form" noValidate key={keyOf(incident.updatedAt)}>
          <CsrfField />
          <IncidentFieldset
            prefix="incident"
            values={incidentForm.values}
            errors={incidentForm.errors}
            slug={
              <p>
                <strong>{t("fields.slug")}:</strong> <code data-testid="incident-slug">{incident.slug}</code>{" "}
                <span className="muted">{t("fields.slugFixed")}</span>
              </p>
            }
          />
          <p>
            <button type="submit" name="intent" value="incident.update" disabled={busy}>
              {t("actions.save")}
            </button>
          </p>
        </Form>
      </section>

      <section id="hotlines">
        <h2>{t("sections.hotlines")}</h2>
        {!hasPhone ? <p className="notice warn">{t("hotline.noMainPhone")}</p> : null}
        {incident.hotlines.length === 0 ? <p>{t("hotline.none")}</p> : null}
        {incident.hotlines.map((h) => {
          const state = formState(["hotline.update", "hotline.delete"], h.id, hotlineToValues(h));
          return (
            <div className="card" id={`hotline-${h.id}`} key={keyOf(h)} data-testid="hotline">
              <h3>
                {t(`hotline.kinds.${h.kind === "email" ? "email" : "phone"}`)}: {h.address}{" "}
                {h.isMain ? <span className="badge ok">{t("hotline.main")}</span> : null}
              </h3>
              {!h.hoursValid ? <p className="notice warn">{t("hotline.hoursInvalidStored")}</p> : null}
              <FormLevelError errors={state.errors} />
              <Form method="post" className="incident-form" noValidate>
                <CsrfField />
                <input type="hidden" name="target" value={h.id} />
                <HotlineFieldset prefix={`hotline-${h.id}`} values={state.values} errors={state.errors} />
                <p className="form-actions">
                  <button type="submit" name="intent" value="hotline.update" disabled={busy}>
                    {t("actions.save")}
                  </button>
                  <button type="submit" name="intent" value="hotline.delete" className="danger" formNoValidate disabled={busy}>
                    {t("actions.delete")}
                  </button>
                </p>
              </Form>
            </div>
          );
        })}
        <AddHotline incident={incident} state={formState(["hotline.create"], null, NEW_HOTLINE)} busy={busy} />
      </section>

      <section id="sites">
        <h2>{t("sections.sites")}</h2>
        {incident.sites.length === 0 ? <p className="notice warn">{t("site.none")}</p> : null}
        {incident.sites.map((site) => {
          const siteState = formState(["site.update", "site.delete"], site.id, siteToValues(site));
          const canDelete = incident.sites.length > 1 && site.affectedRecords === 0 && site.imports === 0;
          const addState = formState(["window.create"], site.id, {});
          return (
            <div className="card" id={`site-${site.id}`} key={site.id} data-testid="site" data-site-slug={site.slug}>
              <h3>
                {pick(lng, site.nameJa, site.nameEn)} <code>{site.slug}</code>
              </h3>
              <p className="muted">{t("site.records", { count: site.affectedRecords })}</p>
              <FormLevelError errors={siteState.errors} />
              <Form method="post" className="incident-form" noValidate key={keyOf(site)}>
                <CsrfField />
                <input type="hidden" name="target" value={site.id} />
                <SiteFieldset prefix={`site-${site.id}`} values={siteState.values} errors={siteState.errors} />
                <p className="form-actions">
                  <button type="submit" name="intent" value="site.update" disabled={busy}>
                    {t("actions.save")}
                  </button>
                  {canDelete ? (
                    <button type="submit" name="intent" value="site.delete" className="danger" formNoValidate disabled={busy}>
                      {t("actions.delete")}
                    </button>
                  ) : null}
                </p>
              </Form>

              <h4>{t("sections.windows")}</h4>
              <p className="muted field-help">{t("window.help")}</p>
              {site.windows.map((w) => {
                const state = formState(["window.update", "window.delete"], w.id, windowToValues(w));
                return (
                  <div className="window-row" id={`window-${w.id}`} key={keyOf(w)} data-testid="window">
                    <p className="window-summary">
                      {formatCalendarDate(w.startDate, lng)} – {formatCalendarDate(w.endDate, lng)}
                    </p>
                    <FormLevelError errors={state.errors} />
                    <Form method="post" className="incident-form" noValidate>
                      <CsrfField />
                      <input type="hidden" name="target" value={w.id} />
                      <WindowFields prefix={`window-${w.id}`} values={state.values} errors={state.errors} />
                      <p className="form-actions">
                        <button type="submit" name="intent" value="window.update" disabled={busy}>
                          {t("actions.save")}
                        </button>
                        {site.windows.length > 1 ? (
                          <button
                            type="submit"
                            name="intent"
                            value="window.delete"
                            className="danger"
                            formNoValidate
                            disabled={busy}
                          >
                            {t("actions.delete")}
                          </button>
                        ) : null}
                      </p>
                    </Form>
                  </div>
                );
              })}
              <div className="window-row" id={`add-window-${site.id}`}>
                <h5>{t("sections.addWindow")}</h5>
                <FormLevelError errors={addState.errors} />
                <Form method="post" className="incident-form" noValidate key={site.windows.length}>
                  <CsrfField />
                  <input type="hidden" name="target" value={site.id} />
                  <WindowFields prefix={`add-window-${site.id}`} values={addState.values} errors={addState.errors} />
                  <p className="form-actions">
                    <button type="submit" name="intent" value="window.create" disabled={busy}>
                      {t("actions.add")}
                    </button>
                  </p>
                </Form>
              </div>
            </div>
          );
        })}
        <AddSite incident={incident} state={formState(["site.create"], null, {})} busy={busy} />
      </section>
    </>
  );
}

const NEW_HOTLINE: FormValues = {
  kind: "phone",
  yearEndClosure: "on",
  responseTargetMinutes: String(DEFAULT_RESPONSE_TARGET_MINUTES),
};

function AddHotline({
  incident,
  state,
  busy,
}: {
  incident: IncidentForEdit;
  state: { values: FormValues; errors: FormErrors };
  busy: boolean;
}) {
  const { t } = useTranslation("incidents");
  // The first line of a kind is offered as the main one.
  const values =
    state.values === NEW_HOTLINE && !incident.hotlines.some((h) => h.kind === "phone" && h.isMain)
      ? { ...NEW_HOTLINE, isMain: "on" }
      : state.values;
  return (
    <div className="card" id="add-hotline">
      <h3>{t("sections.addHotline")}</h3>
      <FormLevelError errors={state.errors} />
      <Form method="post" className="incident-form" noValidate key={incident.hotlines.length}>
        <CsrfField />
        <HotlineFieldset prefix="add-hotline" values={values} errors={state.errors} />
        <p className="form-actions">
          <button type="submit" name="intent" value="hotline.create" disabled={busy}>
            {t("actions.add")}
          </button>
        </p>
      </Form>
    </div>
  );
}

function AddSite({
  incident,
  state,
  busy,
}: {
  incident: IncidentForEdit;
  state: { values: FormValues; errors: FormErrors };
  busy: boolean;
}) {
  const { t } = useTranslation("incidents");
  return (
    <div className="card" id="add-site">
      <h3>{t("sections.addSite")}</h3>
      <FormLevelError errors={state.errors} />
      <Form method="post" className="incident-form" noValidate key={incident.sites.length}>
        <CsrfField />
        <SiteFieldset
          prefix="add-site"
          values={state.values}
          errors={state.errors}
          slug={
            <TextField
              prefix="add-site"
              name="siteSlug"
              label={t("site.slug")}
              values={state.values}
              errors={state.errors}
              required
              maxLength={SLUG_MAX}
              help={t("site.slugHelp")}
            />
          }
        />
        <h4>{t("sections.windows")}</h4>
        <WindowFields prefix="add-site-window" values={state.values} errors={state.errors} />
        <p className="form-actions">
          <button type="submit" name="intent" value="site.create" disabled={busy}>
            {t("actions.add")}
          </button>
        </p>
      </Form>
    </div>
  );
}
