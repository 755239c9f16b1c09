import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { ScriptDiff } from "~/components/script-diff";
import { findCardNumbers } from "~/domain/card-data";
import { hasRole } from "~/domain/roles";
import {
  MAX_BRANCHES,
  SCRIPT_STATUSES,
  diffContent,
  fillPlaceholders,
  sameContent,
  unknownPlaceholders,
} from "~/domain/script-rules";
import type { GraphProblem, ScriptBranch, ScriptContent } from "~/domain/script-rules";
import {
  approveScriptDraft,
  createScriptVersion,
  getScriptWithHistory,
  graphProblemsWith,
  listCallScriptKeys,
  loadPlaceholderValues,
} from "~/models/script.server";
import type { ScriptVersionView } from "~/models/script.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "Script | Madoguchi" }];

const IdSchema = z.string().min(1).max(64);
const VersionParam = z.coerce.number().int().positive().max(1_000_000);

function contentOf(v: ScriptVersionView): ScriptContent {
  return {
    titleJa: v.titleJa,
    titleEn: v.titleEn,
    bodyJa: v.bodyJa,
    bodyEn: v.bodyEn,
    mustNotSayJa: v.mustNotSayJa,
    mustNotSayEn: v.mustNotSayEn,
    branches: v.branches,
  };
}

/**
 * Supervisors: edit form (every save is a new version), history with each old version and its
 * changes against the one before (?v=N). Agents: the current approved text only, read-only.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  const id = IdSchema.safeParse(params.id);
  const script = id.success ? await getScriptWithHistory({ scriptId: id.data }) : null;
  if (!script) throw new Response("Not Found", { status: 404 });
  const canEdit = hasRole(user.role, "supervisor");
  const head = { id: script.id, key: script.key, kind: script.kind };

  if (!canEdit) {
    if (!script.current) throw new Response("Not Found", { status: 404 });
    const values = await loadPlaceholderValues({ incidentId: script.incidentId });
    const c = script.current;
    return {
      canEdit: false as const,
      script: head,
      current: {
        version: c.version,
        createdAt: c.createdAt,
        title: { ja: fillPlaceholders(c.titleJa, values.ja), en: fillPlaceholders(c.titleEn, values.en) },
        body: { ja: fillPlaceholders(c.bodyJa, values.ja), en: fillPlaceholders(c.bodyEn, values.en) },
        mustNotSay: {
          ja: fillPlaceholders(c.mustNotSayJa ?? "", values.ja),
          en: fillPlaceholders(c.mustNotSayEn ?? "", values.en),
        },
        branches: c.branches,
      },
    };
  }

  const url = new URL(request.url);
  const wanted = VersionParam.safeParse(url.searchParams.get("v") ?? undefined);
  const selectedIndex = wanted.success ? script.versions.findIndex((v) => v.version === wanted.data) : -1;
  const selected = selectedIndex >= 0 ? script.versions[selectedIndex]! : null;
  const previous = selectedIndex >= 0 ? (script.versions[selectedIndex + 1] ?? null) : null;
  return {
    canEdit: true as const,
    script: head,
    current: script.current,
    latest: script.latest,
    versions: script.versions.map((v) => ({
      version: v.version,
      status: v.status,
      createdAt: v.createdAt,
      editedBy: v.editedBy?.name ?? null,
    })),
    selected,
    previousVersion: previous?.version ?? null,
    diff: selected && previous ? diffContent(contentOf(previous), contentOf(selected)) : null,
    callKeys: script.kind === "call" ? await listCallScriptKeys({ incidentId: script.incidentId }) : [],
  };
}

const TextSchema = (max: number) =>
  z
    .string()
    .max(max * 2)
    .transform((s) => s.replace(/\r\n?/g, "\n").trim());

const SaveSchema = z.object({
  titleJa: TextSchema(200).pipe(z.string().min(1).max(200)),
  titleEn: TextSchema(200).pipe(z.string().min(1).max(200)),
  bodyJa: TextSchema(20_000).pipe(z.string().min(1).max(20_000)),
  bodyEn: TextSchema(20_000).pipe(z.string().min(1).max(20_000)),
  mustNotSayJa: TextSchema(5_000).pipe(z.string().max(5_000)),
  mustNotSayEn: TextSchema(5_000).pipe(z.string().max(5_000)),
  status: z.enum(SCRIPT_STATUSES),
  baseVersion: z.coerce.number().int().min(0),
});

const TEXT_FIELDS = ["titleJa", "titleEn", "bodyJa", "bodyEn", "mustNotSayJa", "mustNotSayEn"] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type BranchRow = { labelJa: string; labelEn: string; next: string };
type FormValues = Record<TextField, string> & { branches: BranchRow[] };
type ActionResult = {
  errors: { fields?: Partial<Record<TextField, string>>; branches?: Record<number, string>; form?: string; graph?: string[] };
  values?: FormValues;
};

function str(v: FormDataEntryValue | null): string {
  return typeof v === "string" ? v : "";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "scripts");
  const id = IdSchema.safeParse(params.id);
  const script = id.success ? await getScriptWithHistory({ scriptId: id.data }) : null;
  if (!script) throw new Response("Not Found", { status: 404 });

  const graphMessages = (problems: GraphProblem[]) =>
    problems.map((p) =>
      p.kind === "missing-start"
        ? t("graph.missingStart")
        : p.kind === "missing-target"
          ? t("graph.missingTarget", { key: p.key, next: p.next })
          : p.kind === "self-loop"
            ? t("graph.selfLoop", { key: p.key })
            : t("graph.unreachable", { key: p.key }),
    );
  /** Problems this change would add to the incident's call graph (old problems elsewhere do not block a save). */
  const newGraphProblems = async (branches: ScriptBranch[]) => {
    if (script.kind !== "call") return [];
    const key = (p: GraphProblem) => JSON.stringify(p);
    const before = new Set(
      (
        await graphProblemsWith({
          incidentId: script.incidentId,
          scriptKey: script.key,
          branches: script.current?.branches ?? [],
        })
      ).map(key),
    );
    return (await graphProblemsWith({ incidentId: script.incidentId, scriptKey: script.key, branches })).filter(
      (p) => !before.has(key(p)),
    );
  };

  const intent = str(form.get("intent"));
  if (intent === "approve") {
    const version = VersionParam.safeParse(form.get("version"));
    // Only the newest version can be approved as a draft: approving an older draft would silently undo later saves.
    const draft =
      version.success && script.latest?.version === version.data && script.latest.status === "draft" ? script.latest : undefined;
    if (!draft) return data<ActionResult>({ errors: { form: t("editor.notADraft") } }, { status: 400 });
    const problems = await newGraphProblems(draft.branches);
    if (problems.length) return data<ActionResult>({ errors: { graph: graphMessages(problems) } }, { status: 400 });
    const approved = await approveScriptDraft({ scriptId: script.id, version: draft.version, approvedById: user.id });
    if (!approved) return data<ActionResult>({ errors: { form: t("editor.notADraft") } }, { status: 400 });
    await recordAudit({
      actor: userActor(user),
      action: "script.approve",
      entityType: "script",
      entityId: script.id,
      request,
      details: { key: script.key, version: approved.version, fromVersion: approved.fromVersion },
    });
    return redirect(`/staff/scripts/${script.id}?saved=${approved.version}`);
  }

  if (intent !== "save") return data<ActionResult>({ errors: { form: t("editor.invalid") } }, { status: 400 });

  const labelsJa = form.getAll("branchLabelJa").map(str);
  const labelsEn = form.getAll("branchLabelEn").map(str);
  const nexts = form.getAll("branchNext").map(str);
  const rows: BranchRow[] =
    script.kind === "call"
      ? Array.from({ length: Math.max(labelsJa.length, labelsEn.length, nexts.length) }, (_, i) => ({
          labelJa: (labelsJa[i] ?? "").trim(),
          labelEn: (labelsEn[i] ?? "").trim(),
          next: (nexts[i] ?? "").trim(),
        }))
      : [];
  const values: FormValues = {
    titleJa: str(form.get("titleJa")),
    titleEn: str(form.get("titleEn")),
    bodyJa: str(form.get("bodyJa")),
    bodyEn: str(form.get("bodyEn")),
    mustNotSayJa: str(form.get("mustNotSayJa")),
    mustNotSayEn: str(form.get("mustNotSayEn")),
    branches: rows,
  };

  const errors: ActionResult["errors"] = {};
  const parsed = SaveSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    errors.fields = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === "string" && (TEXT_FIELDS as readonly string[]).includes(field)) {
        const max = field.startsWith("title") ? 200 : field.startsWith("body") ? 20_000 : 5_000;
        const value = str(form.get(field)).trim();
        errors.fields[field as TextField] = value === "" ? t("editor.required") : t("editor.tooLong", { max });
      } else {
        errors.form = t("editor.invalid");
      }
    }
  }
  const callKeys =
    script.kind === "call" ? new Set(await listCallScriptKeys({ incidentId: script.incidentId })) : new Set<string>();
  const branches: ScriptBranch[] = [];
  const branchErrors: Record<number, string> = {};
  rows.forEach((row, i) => {
    if (!row.labelJa && !row.labelEn && !row.next) return;
    if (!row.labelJa || !row.labelEn || !row.next) branchErrors[i] = t("editor.branchIncomplete");
    else if (findCardNumbers(`${row.labelJa}\n${row.labelEn}`).length > 0) branchErrors[i] = t("editor.cardNumber");
    else if (row.labelJa.length > 200 || row.labelEn.length > 200) branchErrors[i] = t("editor.tooLong", { max: 200 });
    else if (!callKeys.has(row.next)) branchErrors[i] = t("editor.branchUnknownTarget", { next: row.next });
    else branches.push(row);
  });
  if (branches.length > MAX_BRANCHES) errors.form = t("editor.tooManyBranches", { max: MAX_BRANCHES });
  if (Object.keys(branchErrors).length) errors.branches = branchErrors;
  // Scripts are approved texts read out and published: a card number is refused, not silently
  // redacted. (Security codes are not checked here: "セキュリティコード" next to a figure such as
  // "最大335件" is normal in a script, and the code rule would flag it.)
  for (const field of TEXT_FIELDS) {
    if (findCardNumbers(values[field]).length > 0 && !errors.fields?.[field]) {
      errors.fields = { ...errors.fields, [field]: t("editor.cardNumber") };
    }
  }
  for (const field of TEXT_FIELDS) {
    const unknown = unknownPlaceholders(values[field]);
    if (unknown.length && !errors.fields?.[field]) {
      errors.fields = {
        ...errors.fields,
        [field]: t("editor.unknownPlaceholder", { names: unknown.join(", "), hotline: "{{hotline}}", hours: "{{hours}}" }),
      };
    }
  }
  if (!parsed.success || errors.fields || errors.branches || errors.form) {
    return data<ActionResult>({ errors, values }, { status: 400 });
  }

  const { status, baseVersion } = parsed.data;
  const latest = script.latest;
  if ((latest?.version ?? 0) !== baseVersion) {
    return data<ActionResult>(
      { errors: { form: t("editor.conflict", { version: latest?.version ?? 0 }) }, values },
      { status: 409 },
    );
  }
  const content: ScriptContent = {
    titleJa: parsed.data.titleJa,
    titleEn: parsed.data.titleEn,
    bodyJa: parsed.data.bodyJa,
    bodyEn: parsed.data.bodyEn,
    mustNotSayJa: parsed.data.mustNotSayJa || null,
    mustNotSayEn: parsed.data.mustNotSayEn || null,
    branches,
  };
  if (latest && latest.status === status && sameContent(contentOf(latest), content)) {
    return data<ActionResult>({ errors: { form: t("editor.noChanges") }, values }, { status: 400 });
  }
  const problems = await newGraphProblems(branches);
  if (problems.length) return data<ActionResult>({ errors: { graph: graphMessages(problems) }, values }, { status: 400 });

  const created = await createScriptVersion({ scriptId: script.id, content, status, editedById: user.id });
  await recordAudit({
    actor: userActor(user),
    action: "script.version_create",
    entityType: "script",
    entityId: script.id,
    request,
    details: { key: script.key, version: created.version, status },
  });
  if (status === "approved") {
    await recordAudit({
      actor: userActor(user),
      action: "script.approve",
      entityType: "script",
      entityId: script.id,
      request,
      details: { key: script.key, version: created.version },
    });
  }
  return redirect(`/staff/scripts/${script.id}?saved=${created.version}`);
}

function Paragraphs({ text, lang }: { text: string; lang: string }) {
  return (
    <div lang={lang} className="script-text">
      {text
        .split(/\n{2,}/)
        .filter((p) => p.trim() !== "")
        .map((para, i) => (
          <p key={i} className="pre-line">
            {para}
          </p>
        ))}
    </div>
  );
}

/** One version's full text in both languages. */
function VersionContent({ v }: { v: ScriptContent }) {
  const { t } = useTranslation("scripts");
  return (
    <div className="grid">
      {(["ja", "en"] as const).map((lng) => (
        <div key={lng} lang={lng}>
          <h4>{pick(lng, v.titleJa, v.titleEn)}</h4>
          {pick(lng, v.mustNotSayJa, v.mustNotSayEn) ? (
            <div className="notice error">
              <strong>{t("panel.mustNotSay")}</strong>
              <Paragraphs text={pick(lng, v.mustNotSayJa, v.mustNotSayEn) ?? ""} lang={lng} />
            </div>
          ) : null}
          <Paragraphs text={pick(lng, v.bodyJa, v.bodyEn)} lang={lng} />
          {v.branches.length ? (
            <ol>
              {v.branches.map((b, i) => (
                <li key={i}>
                  {pick(lng, b.labelJa, b.labelEn)} → <code>{b.next}</code>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function AgentView() {
  const loaderData = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("scripts");
  if (loaderData.canEdit) return null;
  const { script, current } = loaderData;
  const lng = i18n.language === "en" ? "en" : "ja";
  const other = lng === "ja" ? "en" : "ja";
  return (
    <>
      <p>
        <Link to="/staff/scripts">{t("backToList")}</Link>
      </p>
      <h1 lang={lng}>{current.title[lng]}</h1>
      <p className="muted">
        <code>{script.key}</code> · {t("versionN", { version: current.version })} ·{" "}
        {t("approvedOn", { when: formatTokyoDateTime(current.createdAt, i18n.language) })}
      </p>
      <p className="notice">{t("readOnly")}</p>
      {current.mustNotSay[lng] ? (
        <div className="notice error" role="note">
          <strong>{t("panel.mustNotSay")}</strong>
          <Paragraphs text={current.mustNotSay[lng]} lang={lng} />
        </div>
      ) : null}
      <div className="card">
        <Paragraphs text={current.body[lng]} lang={lng} />
      </div>
      {current.branches.length ? (
        <ol>
          {current.branches.map((b, i) => (
            <li key={i}>
              {pick(lng, b.labelJa, b.labelEn)} → <code>{b.next}</code>
            </li>
          ))}
        </ol>
      ) : null}
      <details>
        <summary>{t("panel.otherLanguage", { language: t(`panel.languageName.${other}`) })}</summary>
        <div lang={other}>
          <h2>{current.title[other]}</h2>
          {current.mustNotSay[other] ? <Paragraphs text={current.mustNotSay[other]} lang={other} /> : null}
          <Paragraphs text={current.body[other]} lang={other} />
        </div>
      </details>
    </>
  );
}

export default function ScriptPage() {
  const loaderData = useLoaderData<typeof loader>();
  if (!loaderData.canEdit) return <AgentView />;
  return <Editor />;
}

function Editor() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("scripts");
  const [params] = useSearchParams();
  if (!loaderData.canEdit) return null;
  const { script, current, latest, versions, selected, previousVersion, diff, callKeys } = loaderData;
  const lng = i18n.language;
  const saved = params.get("saved");
  const values: FormValues = result?.values ?? {
    titleJa: latest?.titleJa ?? "",
    titleEn: latest?.titleEn ?? "",
    bodyJa: latest?.bodyJa ?? "",
    bodyEn: latest?.bodyEn ?? "",
    mustNotSayJa: latest?.mustNotSayJa ?? "",
    mustNotSayEn: latest?.mustNotSayEn ?? "",
    branches: latest?.branches ?? [],
  };
  const branchRows: BranchRow[] =
    script.kind === "call"
      ? [...values.branches, ...Array.from({ length: 2 }, () => ({ labelJa: "", labelEn: "", next: "" }))].slice(
          0,
          Math.max(MAX_BRANCHES, values.branches.length),
        )
      : [];
  const fieldError = (f: TextField) => result?.errors.fields?.[f];
  const textField = (f: TextField, rows: number | null) => {
    const err = fieldError(f);
    const idAttr = `f-${f}`;
    return (
      <div>
        <label htmlFor={idAttr}>{t(`fields.${f}`)}</label>
        {rows === null ? (
          <input
            id={idAttr}
            name={f}
            type="text"
            defaultValue={values[f]}
            maxLength={400}
            aria-invalid={err ? true : undefined}
            aria-describedby={err ? `${idAttr}-error` : undefined}
            lang={f.endsWith("Ja") ? "ja" : "en"}
          />
        ) : (
          <textarea
            id={idAttr}
            name={f}
            rows={rows}
            defaultValue={values[f]}
            aria-invalid={err ? true : undefined}
            aria-describedby={err ? `${idAttr}-error` : undefined}
            lang={f.endsWith("Ja") ? "ja" : "en"}
          />
        )}
        {err ? (
          <p className="field-error" id={`${idAttr}-error`}>
            {err}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <>
      <p>
        <Link to="/staff/scripts">{t("backToList")}</Link>
      </p>
      <h1>{pick(lng, current?.titleJa ?? latest?.titleJa ?? script.key, current?.titleEn ?? latest?.titleEn ?? script.key)}</h1>
      <p className="muted">
        <code>{script.key}</code> · {t(`kind.${script.kind}`)} ·{" "}
        {current ? t("currentIs", { version: current.version }) : t("noApproved")}
      </p>
      {saved ? (
        <p className="notice success" role="status" data-testid="script-saved">
          {t("editor.saved", { version: saved })}
        </p>
      ) : null}

      {selected ? (
        <section className="card" id="version" data-testid="version-view">
          <h2>
            {t("history.viewing", { version: selected.version })}{" "}
            <span className={`badge ${selected.status === "approved" ? "ok" : "warn"}`}>{t(`status.${selected.status}`)}</span>
          </h2>
          <p className="muted">
            {formatTokyoDateTime(selected.createdAt, lng)} · {selected.editedBy?.name ?? t("seeded")}
          </p>
          <VersionContent v={selected} />
          <h3>{previousVersion ? t("history.changesSince", { version: previousVersion }) : t("history.firstVersion")}</h3>
          {diff ? <ScriptDiff diff={diff} /> : null}
          <p>
            <Link to={`/staff/scripts/${script.id}`}>{t("history.close")}</Link>
          </p>
        </section>
      ) : null}

      <section className="card">
        <h2>{t("editor.title")}</h2>
        <p className="muted">
          {latest ? t("editor.basedOn", { version: latest.version, status: t(`status.${latest.status}`) }) : null}{" "}
          {t("editor.placeholdersHelp", { hotline: "{{hotline}}", hours: "{{hours}}" })}
        </p>
        {result?.errors.form ? (
          <p className="notice error" role="alert">
            {result.errors.form}
          </p>
        ) : null}
        {result?.errors.graph?.length ? (
          <div className="notice error" role="alert">
            <strong>{t("graph.refused")}</strong>
            <ul>
              {result.errors.graph.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form method="post" className="stack script-editor" key={`edit-${latest?.version ?? 0}`}>
          <CsrfField />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="baseVersion" value={latest?.version ?? 0} />
          <div className="grid">
            {textField("titleJa", null)}
            {textField("titleEn", null)}
          </div>
          <div className="grid">
            {textField("bodyJa", 14)}
            {textField("bodyEn", 14)}
          </div>
          <div className="grid">
            {textField("mustNotSayJa", 5)}
            {textField("mustNotSayEn", 5)}
          </div>
          {script.kind === "call" ? (
            <fieldset>
              <legend>{t("fields.branches")}</legend>
              <p className="muted">{t("editor.branchesHelp", { max: MAX_BRANCHES })}</p>
              {branchRows.map((b, i) => {
                const err = result?.errors.branches?.[i];
                return (
                  <div key={i} className="branch-row" aria-invalid={err ? true : undefined}>
                    <span className="branch-number">{i + 1}</span>
                    <label>
                      {t("editor.branchLabelJa")}
                      <input type="text" name="branchLabelJa" defaultValue={b.labelJa} maxLength={400} lang="ja" />
                    </label>
                    <label>
                      {t("editor.branchLabelEn")}
                      <input type="text" name="branchLabelEn" defaultValue={b.labelEn} maxLength={400} lang="en" />
                    </label>
                    <label>
                      {t("editor.branchNext")}
                      <select name="branchNext" defaultValue={b.next}>
                        <option value="">{t("editor.branchNone")}</option>
                        {callKeys
                          .filter((k) => k !== script.key)
                          .map((k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ))}
                        {b.next && !callKeys.includes(b.next) ? <option value={b.next}>{b.next}</option> : null}
                      </select>
                    </label>
                    {err ? <p className="field-error">{err}</p> : null}
                  </div>
                );
              })}
            </fieldset>
          ) : null}
          {/* The draft button comes first, so Enter in a field never approves a legal text by accident. */}
          <p className="inline-form">
            <button type="submit" name="status" value="draft" className="secondary">
              {t("editor.saveDraft")}
            </button>
            <button type="submit" name="status" value="approved">
              {t("editor.saveApproved")}
            </button>
          </p>
        </Form>
      </section>

      <section>
        <h2>{t("history.title")}</h2>
        <div className="table-wrap">
          <table data-testid="script-history">
            <thead>
              <tr>
                <th>{t("history.version")}</th>
                <th>{t("history.status")}</th>
                <th>{t("history.editedBy")}</th>
                <th>{t("history.when")}</th>
                <th>{t("history.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} aria-current={selected?.version === v.version ? "true" : undefined}>
                  <td>
                    {t("versionN", { version: v.version })}{" "}
                    {current?.version === v.version ? <span className="badge ok">{t("history.current")}</span> : null}
                  </td>
                  <td>{t(`status.${v.status}`)}</td>
                  <td>{v.editedBy ?? t("seeded")}</td>
                  <td>{formatTokyoDateTime(v.createdAt, lng)}</td>
                  <td>
                    <span className="inline-form">
                      <Link to={`/staff/scripts/${script.id}?v=${v.version}#version`}>{t("history.view")}</Link>
                      {v.status === "draft" && v.version === latest?.version ? (
                        <Form method="post" className="inline-form">
                          <CsrfField />
                          <input type="hidden" name="intent" value="approve" />
                          <input type="hidden" name="version" value={v.version} />
                          <button type="submit" className="secondary">
                            {t("history.approve")}
                          </button>
                        </Form>
                      ) : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
