import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallScriptPanel } from "~/components/call-script-panel";
import { listIncidentChoices } from "~/models/incident.server";
import { loadCallScripts } from "~/models/script.server";
import { requireUser } from "~/utils/auth.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { pick } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "Call script | Madoguchi" }];

/** The call script of the current incident on its own page (the desk embeds the same panel). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "agent");
  const incidents = await listIncidentChoices();
  const slug = await getCurrentIncidentSlug(request, incidents);
  const incident = incidents.find((i) => i.slug === slug) ?? null;
  if (!incident) return { incident: null, scripts: null };
  return { incident, scripts: await loadCallScripts({ incidentId: incident.id, locale: await getLocale(request) }) };
}

export default function CallScriptPage() {
  const { incident, scripts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("scripts");
  return (
    <>
      <p>
        <Link to="/staff/scripts">{t("backToList")}</Link>
      </p>
      <h1>{t("panel.pageTitle")}</h1>
      {incident && scripts ? (
        <>
          <p className="muted">{pick(i18n.language, incident.titleJa, incident.titleEn)}</p>
          <CallScriptPanel scripts={scripts} />
        </>
      ) : (
        <p>{t("noIncident")}</p>
      )}
    </>
  );
}
