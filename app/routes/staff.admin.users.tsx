import { data } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { ROLES } from "~/domain/roles";
import { createUser, emailInUse, findUserById, listUsers, resetUserPassword, setUserDisabled } from "~/models/user.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatTokyoDateTime } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { destroyUserSessions } from "~/utils/session.server";

const CreateSchema = z.object({
  intent: z.literal("create"),
  email: z.string().trim().email().max(254),
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
});
const RowSchema = z.object({ intent: z.enum(["disable", "enable", "reset"]), userId: z.string().min(1).max(64) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const users = await listUsers();
  return { users: users.map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null })) };
}

type ActionResult = { ok?: string; errors?: Partial<Record<"email" | "name" | "role" | "form", string>> };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const form = await readForm(request);
  const t = await getT(request);
  const values = Object.fromEntries(form);

  if (values.intent === "create") {
    const parsed = CreateSchema.safeParse(values);
    if (!parsed.success) {
      const errors: ActionResult["errors"] = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "email") errors.email = t("validation.email");
        if (field === "name") errors.name = t("validation.required");
        if (field === "role") errors.role = t("validation.invalidChoice");
      }
      return data<ActionResult>({ errors }, { status: 400 });
    }
    if (await emailInUse(parsed.data.email)) {
      return data<ActionResult>({ errors: { email: t("users.emailTaken") } }, { status: 400 });
    }
    const created = await createUser(parsed.data);
    await recordAudit({ actor: userActor(admin), action: "user.create", entityType: "user", entityId: created.id, request, details: { role: parsed.data.role } });
    return data<ActionResult>({ ok: t("users.created", { password: created.password }) });
  }

  const parsed = RowSchema.safeParse(values);
  if (!parsed.success) return data<ActionResult>({ errors: { form: t("validation.invalidChoice") } }, { status: 400 });
  const target = await findUserById(parsed.data.userId);
  if (!target) throw new Response("Not Found", { status: 404 });

  if (parsed.data.intent === "reset") {
    const { email, password } = await resetUserPassword(target.id);
    await destroyUserSessions(target.id);
    await recordAudit({ actor: userActor(admin), action: "user.password_reset", entityType: "user", entityId: target.id, request });
    return data<ActionResult>({ ok: t("users.resetDone", { email, password }) });
  }
  const disabled = parsed.data.intent === "disable";
  if (disabled && target.id === admin.id) {
    return data<ActionResult>({ errors: { form: t("users.cannotDisableSelf") } }, { status: 400 });
  }
  const { email } = await setUserDisabled({ id: target.id, disabled });
  if (disabled) await destroyUserSessions(target.id);
  await recordAudit({ actor: userActor(admin), action: disabled ? "user.disable" : "user.enable", entityType: "user", entityId: target.id, request });
  return data<ActionResult>({ ok: disabled ? t("users.disabledDone", { email }) : t("users.enabledDone", { email }) });
}

export default function AdminUsers() {
  const { users } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const { t, i18n } = useTranslation();
  const roleLabel = (r: string) => (r === "admin" ? t("roles.admin") : r === "supervisor" ? t("roles.supervisor") : t("roles.agent"));
  return (
    <>
      <h1>{t("users.title")}</h1>
      {result?.ok ? (
        <p className="notice success" role="status" data-testid="users-result">
          {result.ok}
        </p>
      ) : null}
      {result?.errors?.form ? (
        <p className="notice error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("users.email")}</th>
              <th>{t("users.name")}</th>
              <th>{t("users.role")}</th>
              <th>{t("users.status")}</th>
              <th>{t("users.lastLogin")}</th>
              <th>{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>{roleLabel(u.role)}</td>
                <td>{u.disabled ? <span className="badge danger">{t("users.disabled")}</span> : <span className="badge ok">{t("users.active")}</span>}</td>
                <td>{u.lastLoginAt ? formatTokyoDateTime(u.lastLoginAt, i18n.language) : t("users.never")}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <CsrfField />
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" name="intent" value={u.disabled ? "enable" : "disable"} className="secondary">
                      {u.disabled ? t("users.enable") : t("users.disable")}
                    </button>
                    <button type="submit" name="intent" value="reset" className="secondary">
                      {t("users.resetPassword")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("users.create")}</h2>
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="intent" value="create" />
        <div>
          <label htmlFor="new-email">{t("users.email")}</label>
          <input id="new-email" name="email" type="email" required aria-invalid={result?.errors?.email ? true : undefined} aria-describedby="new-email-error" />
          {result?.errors?.email ? <p className="field-error" id="new-email-error">{result.errors.email}</p> : null}
        </div>
        <div>
          <label htmlFor="new-name">{t("users.name")}</label>
          <input id="new-name" name="name" type="text" required maxLength={100} />
          {result?.errors?.name ? <p className="field-error">{result.errors.name}</p> : null}
        </div>
        <div>
          <label htmlFor="new-role">{t("users.role")}</label>
          <select id="new-role" name="role" defaultValue="agent">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t("users.create")}</button>
        </div>
      </Form>
    </>
  );
}
