import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasRole } from "~/domain/roles";
import { validateCallGraph } from "~/domain/script-rules";
import { listIncidentChoices } from "~/models/incident.server";
import { listCurrentScripts, listScriptsForEditor } from "~/models/script.server";
import type { ScriptListRow } from "~/models/script.server";
import { requireUser } from "~/utils/auth.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { formatTokyoDateTime, pick } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Scripts | Madoguchi" }];

/** Every script of the current incident: FAQ and call scripts, with their current version. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  const incidents = await listIncidentChoices();
  const slug = await getCurrentIncidentSlug(request, incidents);
  const incident = incidents.find((i) => i.slug === slug) ?? null;
  const canEdit = hasRole(user.role, "supervisor");
  if (!incident) return { incident: null, canEdit, rows: [], graphProblems: [] };
  const rows = await listScriptsForEditor({ incidentId: incident.id });
  // Agents see only scripts that have an approved version, and nothing about drafts.
  const visible: ScriptListRow[] = canEdit
    ? rows
    : rows.filter((r) => r.currentVersion !== null).map((r) => ({ ...r, hasDraft: false, latestVersion: r.currentVersion ?? 0 }));
  const graphProblems = canEdit
    ? validateCallGraph(
        (await listCurrentScripts({ incidentId: incident.id, kind: "call" })).map((s) => ({
          key: s.key,
          kind: s.kind,
          branches: s.current.branches,
        })),
      )
    : [];
  return { incident, canEdit, rows: visible, graphProblems };
}

export default function ScriptsIndex() {
  const { incident, canEdit, rows, graphProblems } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("scripts");
  const lng = i18n.language;
  if (!incident) {
    return (
      <>
        <h1>{t("title")}</h1>
        <p>{t("noIncident")}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{pick(lng, incident.titleJa, incident.titleEn)}</p>
      <p>{canEdit ? t("introSupervisor") : t("introAgent")}</p>
      <p className="inline-form">
        <Link to="/staff/scripts/call" className="button">
          {t("openCallPanel")}
        </Link>
        <a href={`/faq?incident=${encodeURIComponent(incident.slug)}`} className="button secondary">
          {t("viewPublicFaq")}
        </a>
      </p>
      {graphProblems.length ? (
        <div className="notice warn" role="status">
          <strong>{t("graph.title")}</strong>
          <ul>
            {graphProblems.map((p, i) => (
              <li key={i}>
                {p.kind === "missing-start"
                  ? t("graph.missingStart")
                  : p.kind === "missing-target"
                    ? t("graph.missingTarget", { key: p.key, next: p.next })
                    : p.kind === "self-loop"
                      ? t("graph.selfLoop", { key: p.key })
                      : t("graph.unreachable", { key: p.key })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {(["call", "faq"] as const).map((kind) => {
        const ofKind = rows.filter((r) => r.kind === kind);
        return (
          <section key={kind}>
            <h2>{t(`kind.${kind}`)}</h2>
            {ofKind.length === 0 ? (
              <p className="muted">{t("none")}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t("columns.title")}</th>
                      <th>{t("columns.key")}</th>
                      <th>{t("columns.current")}</th>
                      {canEdit ? <th>{t("columns.lastEdited")}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {ofKind.map((r) => (
                      <tr key={r.id}>
                        <td>
                          <Link to={`/staff/scripts/${r.id}`}>{pick(lng, r.title.ja, r.title.en)}</Link>
                        </td>
                        <td>
                          <code>{r.key}</code>
                        </td>
                        <td>
                          {r.currentVersion !== null ? (
                            t("versionN", { version: r.currentVersion })
                          ) : (
                            <span className="badge warn">{t("noApproved")}</span>
                          )}{" "}
                          {r.hasDraft ? (
                            <span className="badge warn">{t("draftPending", { version: r.latestVersion })}</span>
                          ) : null}
                        </td>
                        {canEdit ? (
                          <td>
                            {r.lastEditedAt ? formatTokyoDateTime(r.lastEditedAt, lng) : ""}
                            {r.lastEditedBy ? ` · ${r.lastEditedBy}` : r.lastEditedAt ? ` · ${t("seeded")}` : ""}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </>
  );
}
