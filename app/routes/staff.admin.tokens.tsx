/**
 * /staff/admin/tokens: admins create API tokens for IVR/CTI integrations (scoped, shown once,
 * stored hashed) and revoke them. docs/api.md explains their use.
 */
import { data } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { API_SCOPES } from "~/domain/api-scopes";
import { ApiTokenCreateSchema, createApiToken, listApiTokens, revokeApiToken } from "~/models/api-token.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatTokyoDateTime } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const tokens = await listApiTokens();
  return {
    tokens: tokens.map((tk) => ({
      ...tk,
      createdAt: tk.createdAt.toISOString(),
      lastUsedAt: tk.lastUsedAt?.toISOString() ?? null,
      revokedAt: tk.revokedAt?.toISOString() ?? null,
    })),
  };
}

type ActionResult = {
  created?: { name: string; token: string };
  ok?: string;
  errors?: Partial<Record<"name" | "scopes" | "form", string>>;
  values?: { name: string; scopes: string[] };
};

const RevokeSchema = z.object({ intent: z.literal("revoke"), tokenId: z.string().min(1).max(64) });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "tokens");
  const intent = form.get("intent");

  if (intent === "create") {
    const name = typeof form.get("name") === "string" ? String(form.get("name")) : "";
    const scopes = form.getAll("scopes").filter((s): s is string => typeof s === "string");
    const parsed = ApiTokenCreateSchema.safeParse({ name, scopes });
    if (!parsed.success) {
      const errors: ActionResult["errors"] = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === "name") errors.name = t("errors.name");
        if (issue.path[0] === "scopes") errors.scopes = t("errors.scopes");
      }
      return data<ActionResult>({ errors, values: { name, scopes } }, { status: 400 });
    }
    const created = await createApiToken({ ...parsed.data, createdById: admin.id, actor: userActor(admin), request });
    // Shown once, in this response only; never stored or logged in clear.
    return data<ActionResult>({ created: { name: created.name, token: created.token } }, { headers: { "Cache-Control": "no-store" } });
  }

  const parsed = RevokeSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data<ActionResult>({ errors: { form: t("errors.invalid") } }, { status: 400 });
  const tokens = await listApiTokens();
  const target = tokens.find((tk) => tk.id === parsed.data.tokenId);
  if (!target) throw new Response("Not Found", { status: 404 });
  await revokeApiToken({ id: target.id, actor: userActor(admin), request });
  return data<ActionResult>({ ok: t("revokedDone", { name: target.name }) });
}

export default function AdminTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const { t, i18n } = useTranslation("tokens");
  const lng = i18n.language;
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {result?.created ? (
        <div className="notice success" role="status" data-testid="token-created">
          <p>{t("created", { name: result.created.name })}</p>
          <p>
            <code className="token-secret" data-testid="token-secret">
              {result.created.token}
            </code>
          </p>
        </div>
      ) : null}
      {result?.ok ? (
        <p className="notice success" role="status">
          {result.ok}
        </p>
      ) : null}
      {result?.errors?.form ? (
        <p className="notice error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      {tokens.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("name")}</th>
                <th>{t("prefix")}</th>
                <th>{t("scopes")}</th>
                <th>{t("createdAt")}</th>
                <th>{t("lastUsed")}</th>
                <th>{t("status")}</th>
                <th>{t("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <tr key={tk.id}>
                  <td>{tk.name}</td>
                  <td>
                    <code>{tk.tokenPrefix}…</code>
                  </td>
                  <td>{tk.scopes.join(", ")}</td>
                  <td>
                    {formatTokyoDateTime(tk.createdAt, lng)}
                    {tk.createdBy ? <div className="muted small">{tk.createdBy}</div> : null}
                  </td>
                  <td>{tk.lastUsedAt ? formatTokyoDateTime(tk.lastUsedAt, lng) : t("never")}</td>
                  <td>
                    {tk.revokedAt ? (
                      <span className="badge danger" title={t("revokedAt", { when: formatTokyoDateTime(tk.revokedAt, lng) })}>
                        {t("revoked")}
                      </span>
                    ) : (
                      <span className="badge ok">{t("active")}</span>
                    )}
                  </td>
                  <td>
                    {tk.revokedAt ? null : (
                      <Form
                        method="post"
                        className="inline-form"
                        onSubmit={(event) => {
                          if (!window.confirm(t("revokeConfirm"))) event.preventDefault();
                        }}
                      >
                        <CsrfField />
                        <input type="hidden" name="tokenId" value={tk.id} />
                        <button type="submit" name="intent" value="revoke" className="danger" aria-label={`${t("revoke")}: ${tk.name}`}>
                          {t("revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("create")}</h2>
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="intent" value="create" />
        <div>
          <label htmlFor="token-name">{t("name")}</label>
          <input
            id="token-name"
            name="name"
            type="text"
            required
            maxLength={100}
            placeholder={t("namePlaceholder")}
            defaultValue={result?.values?.name ?? ""}
            aria-invalid={result?.errors?.name ? true : undefined}
            aria-describedby={result?.errors?.name ? "token-name-error" : undefined}
          />
          {result?.errors?.name ? (
            <p className="field-error" id="token-name-error">
              {result.errors.name}
            </p>
          ) : null}
        </div>
        <fieldset>
          <legend>{t("scopes")}</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="checkbox-label">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={result?.values ? result.values.scopes.includes(scope) : scope === "lookups"} />{" "}
              {t(`scope.${scope}`)}
            </label>
          ))}
          {result?.errors?.scopes ? <p className="field-error">{result.errors.scopes}</p> : null}
        </fieldset>
        <div>
          <button type="submit">{t("create")}</button>
        </div>
      </Form>
    </>
  );
}
