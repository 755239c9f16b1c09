/**
 * Scripts with version history: the supervisor editor, what agents see, the call panel's
 * no-JavaScript links and the public FAQ. Real SQLite, real Requests, the seeded texts of Case A.
 */
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
// Only to give <Link> a router outside Remix (a dependency of @remix-run/react).
import { StaticRouter } from "react-router-dom/server";
import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { scriptsFor } from "../../prisma/seed/scripts";
import { CallScriptPanel } from "~/components/call-script-panel";
import { i18nConfig } from "~/i18n";
import { listCurrentScripts, loadCallScripts, loadPublicFaq } from "~/models/script.server";
import type { CallScripts } from "~/models/script.server";
import { prisma } from "~/utils/db.server";
import { loader as faqLoader } from "./faq";
import { action, loader } from "./staff.scripts.$id";
import { loader as indexLoader } from "./staff.scripts._index";
import { loader as callLoader } from "./staff.scripts.call";

const WEEKDAYS_12_17 = JSON.stringify(
  Object.fromEntries([...["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [["12:00", "17:00"]]]), ["sat", []], ["sun", []]]),
);

let incidentId: string;
let supervisor: Awaited<ReturnType<typeof createTestUser>>;
let agent: Awaited<ReturnType<typeof createTestUser>>;
let sup: { cookie: string; csrf: string };
let agt: { cookie: string; csrf: string };
const scriptId: Record<string, string> = {};

beforeAll(async () => {
  const incident = await prisma.incident.create({
    data: {
      slug: "cou-test",
      companyJa: "有限会社ケイズファクトリー",
      companyEn: "K's Factory",
      titleJa: "テスト事案",
      titleEn: "Test incident",
      summaryJa: "テスト",
      summaryEn: "Test",
      noticeDate: "2018-01-16",
      hotlines: {
        create: [
          { kind: "phone", labelJa: "窓口", labelEn: "Line", address: "0120-100-734", isMain: true, weeklyHours: WEEKDAYS_12_17 },
        ],
      },
    },
    select: { id: true },
  });
  incidentId = incident.id;
  // Exactly as prisma/seed.ts stores them: version 1, approved, no editor.
  for (const s of scriptsFor("cou-2017")) {
    const created = await prisma.script.create({
      data: {
        incidentId,
        key: s.key,
        kind: s.kind,
        position: s.position,
        versions: {
          create: {
            version: 1,
            titleJa: s.titleJa,
            titleEn: s.titleEn,
            bodyJa: s.bodyJa,
            bodyEn: s.bodyEn,
            mustNotSayJa: s.mustNotSayJa ?? null,
            mustNotSayEn: s.mustNotSayEn ?? null,
            branches: s.branches ? JSON.stringify(s.branches) : null,
            status: "approved",
          },
        },
      },
      select: { id: true },
    });
    scriptId[s.key] = created.id;
  }
  supervisor = await createTestUser({ role: "supervisor" });
  agent = await createTestUser({ role: "agent" });
  sup = await staffCookies(supervisor.id);
  agt = await staffCookies(agent.id);
});

const view = (id: string, search = "", cookie = sup.cookie) =>
  settle(() => loader({ request: getRequest(`/staff/scripts/${id}${search}`, { cookie }), params: { id }, context: {} }));
const post = (id: string, fields: Record<string, string>, who = sup) =>
  settle(() =>
    action({
      request: formRequest(`/staff/scripts/${id}`, { csrf: who.csrf, ...fields }, { cookie: who.cookie }),
      params: { id },
      context: {},
    }),
  );

type EditorData = Extract<Awaited<ReturnType<typeof loader>>, { canEdit: true }>;
type AgentData = Extract<Awaited<ReturnType<typeof loader>>, { canEdit: false }>;

/** The form fields for saving `key` with its current text, changed by `changes`. */
async function formFor(key: string, changes: Record<string, string> = {}, status = "approved") {
  const { data } = await view(scriptId[key]!);
  const d = data as EditorData;
  const latest = d.latest!;
  const fields: Record<string, string> = {
    intent: "save",
    status,
    baseVersion: String(latest.version),
    titleJa: latest.titleJa,
    titleEn: latest.titleEn,
    bodyJa: latest.bodyJa,
    bodyEn: latest.bodyEn,
    mustNotSayJa: latest.mustNotSayJa ?? "",
    mustNotSayEn: latest.mustNotSayEn ?? "",
    ...changes,
  };
  return { fields, branches: latest.branches };
}

/** A url-encoded body with repeated branch fields. */
function withBranches(fields: Record<string, string>, branches: { labelJa: string; labelEn: string; next: string }[]) {
  const params = new URLSearchParams(fields);
  for (const b of branches) {
    params.append("branchLabelJa", b.labelJa);
    params.append("branchLabelEn", b.labelEn);
    params.append("branchNext", b.next);
  }
  return params;
}

function postRaw(id: string, body: URLSearchParams, who = sup) {
  body.set("csrf", who.csrf);
  const request = new Request(`http://localhost/staff/scripts/${id}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: who.cookie, "x-madoguchi-client-ip": "127.0.0.1" },
    body: body.toString(),
  });
  return settle(() => action({ request, params: { id }, context: {} }));
}

const versionCount = (key: string) => prisma.scriptVersion.count({ where: { scriptId: scriptId[key]! } });

describe("version history", () => {
  it("a supervisor's save creates version 2 with who and when; version 1 is kept unchanged", async () => {
    const before = await prisma.scriptVersion.findFirstOrThrow({ where: { scriptId: scriptId["faq.contact"]!, version: 1 } });
    const { fields } = await formFor("faq.contact", {
      bodyJa: "お電話（{{hotline}}）でお問い合わせください。受付時間は{{hours}}です。",
    });
    const { response } = await post(scriptId["faq.contact"]!, fields);
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe(`/staff/scripts/${scriptId["faq.contact"]}?saved=2`);

    const rows = await prisma.scriptVersion.findMany({
      where: { scriptId: scriptId["faq.contact"]! },
      orderBy: { version: "asc" },
    });
    expect(rows.map((r) => [r.version, r.status, r.editedById])).toEqual([
      [1, "approved", null],
      [2, "approved", supervisor.id],
    ]);
    expect(rows[0]).toEqual(before);
    expect(rows[1]!.bodyJa).toBe("お電話（{{hotline}}）でお問い合わせください。受付時間は{{hours}}です。");

    const audits = await prisma.auditLog.findMany({ where: { entityId: scriptId["faq.contact"]! }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["script.version_create", "script.approve"]);
    expect(JSON.parse(audits[0]!.details!)).toEqual({ key: "faq.contact", version: 2, status: "approved" });
    expect(audits[0]!.actorId).toBe(supervisor.id);
  });

  it("the public FAQ shows the new version with the placeholders filled", async () => {
    const faq = await loadPublicFaq({ incidentId, locale: "ja" });
    const contact = faq.find((e) => e.key === "faq.contact")!;
    expect(contact.version).toBe(2);
    expect(contact.body).toBe("お電話（0120-100-734）でお問い合わせください。受付時間は平日 12:00〜17:00です。");
    expect(contact.anchor).toBe("contact");
    expect(faq.map((e) => e.body).join("\n")).not.toContain("{{");
    const en = await loadPublicFaq({ incidentId, locale: "en" });
    expect(en.find((e) => e.key === "faq.contact")!.body).toContain("Weekdays 12:00–17:00 JST");
  });

  it("an old version is viewable, with the changes against the one before", async () => {
    const v1 = (await view(scriptId["faq.contact"]!, "?v=1")).data as EditorData;
    expect(v1.selected?.version).toBe(1);
    expect(v1.selected?.bodyJa).toContain("有限会社ケイズファクトリー");
    expect(v1.diff).toBeNull(); // the first version has nothing before it
    expect(v1.versions.map((v) => v.version)).toEqual([2, 1]);

    const v2 = (await view(scriptId["faq.contact"]!, "?v=2")).data as EditorData;
    expect(v2.previousVersion).toBe(1);
    expect(v2.diff?.map((d) => d.field)).toEqual(["bodyJa"]);
    const lines = v2.diff![0]!.lines;
    expect(lines.some((l) => l.type === "del" || l.type === "change")).toBe(true);
    expect(
      lines.some(
        (l) =>
          (l.type === "add" && l.text.includes("受付時間は{{hours}}です")) ||
          (l.type === "change" && l.parts.some((p) => p.type === "add")),
      ),
    ).toBe(true);
  });

  it("a bad ?v= falls back to no selection instead of failing", async () => {
    for (const search of ["?v=abc", "?v=-1", "?v=99"]) {
      const { data, response } = await view(scriptId["faq.contact"]!, search);
      expect(response).toBeUndefined();
      expect((data as EditorData).selected).toBeNull();
    }
  });

  it("a draft is a new version that agents do not see until it is approved (as yet another version)", async () => {
    const key = "call.closing";
    const { fields, branches } = await formFor(key, { bodyJa: "下書きの終話です。" }, "draft");
    expect((await postRaw(scriptId[key]!, withBranches(fields, branches))).response?.status).toBe(302);
    expect(await versionCount(key)).toBe(2);

    const current = (await listCurrentScripts({ incidentId, kind: "call" })).find((s) => s.key === key)!;
    expect(current.current.version).toBe(1);
    const agentView = (await view(scriptId[key]!, "", agt.cookie)).data as AgentData;
    expect(agentView.current.version).toBe(1);
    expect(agentView.current.body.ja).not.toContain("下書き");
    const panel = await loadCallScripts({ incidentId, locale: "ja" });
    expect(panel.steps[key]!.version).toBe(1);

    const { response } = await post(scriptId[key]!, { intent: "approve", version: "2" });
    expect(response?.status).toBe(302);
    const rows = await prisma.scriptVersion.findMany({ where: { scriptId: scriptId[key]! }, orderBy: { version: "asc" } });
    expect(rows.map((r) => [r.version, r.status])).toEqual([
      [1, "approved"],
      [2, "draft"],
      [3, "approved"],
    ]);
    expect(rows[2]!.bodyJa).toBe("下書きの終話です。");
    expect(rows[2]!.editedById).toBe(supervisor.id);
    expect((await loadCallScripts({ incidentId, locale: "ja" })).steps[key]!.body.ja).toBe("下書きの終話です。");
    const approve = await prisma.auditLog.findFirstOrThrow({ where: { action: "script.approve", entityId: scriptId[key]! } });
    expect(JSON.parse(approve.details!)).toEqual({ key, version: 3, fromVersion: 2 });
  });

  it("only the newest draft can be approved", async () => {
    const { response } = await post(scriptId["call.closing"]!, { intent: "approve", version: "2" });
    expect(response?.status).toBe(400);
    expect(await versionCount("call.closing")).toBe(3);
  });

  it("agents see the current approved text, filled, and nothing of the history", async () => {
    const { data } = await view(scriptId["faq.contact"]!, "?v=1", agt.cookie);
    const d = data as AgentData;
    expect(d.canEdit).toBe(false);
    expect(d.current.version).toBe(2);
    expect(d.current.body.ja).toContain("0120-100-734");
    expect(d).not.toHaveProperty("versions");
    expect(d).not.toHaveProperty("selected");

    const list = (
      await settle(() => indexLoader({ request: getRequest("/staff/scripts", { cookie: agt.cookie }), params: {}, context: {} }))
    ).data as Awaited<ReturnType<typeof indexLoader>>;
    expect(list.canEdit).toBe(false);
    expect(list.rows.find((r) => r.key === "faq.contact")?.currentVersion).toBe(2);
    expect(list.rows.every((r) => !r.hasDraft)).toBe(true);
  });

  it("agents cannot save or approve: 403 and no new version", async () => {
    const { fields } = await formFor("faq.contact", { bodyJa: "オペレーターの変更" });
    const before = await versionCount("faq.contact");
    expect((await post(scriptId["faq.contact"]!, fields, agt)).response?.status).toBe(403);
    expect((await post(scriptId["faq.contact"]!, { intent: "approve", version: "1" }, agt)).response?.status).toBe(403);
    expect(await versionCount("faq.contact")).toBe(before);
  });

  it("refuses a save without the CSRF token", async () => {
    const { fields } = await formFor("faq.contact", { bodyJa: "CSRFなし" });
    const request = formRequest(`/staff/scripts/${scriptId["faq.contact"]}`, fields, { cookie: sup.cookie });
    const { response } = await settle(() => action({ request, params: { id: scriptId["faq.contact"]! }, context: {} }));
    expect(response?.status).toBe(403);
  });

  it("answers 404 for an unknown script", async () => {
    expect((await view("nope")).response?.status).toBe(404);
  });
});

describe("editor validation (400 keeps what was typed, nothing is saved)", () => {
  it("an empty Japanese body", async () => {
    const { fields } = await formFor("faq.why-late", { bodyJa: "   ", titleEn: "Why so late? (edited)" });
    const before = await versionCount("faq.why-late");
    const { response, data } = await post(scriptId["faq.why-late"]!, fields);
    expect(response?.status).toBe(400);
    const d = data as { errors: { fields: Record<string, string> }; values: Record<string, string> };
    expect(d.errors.fields.bodyJa).toBe("入力してください。");
    expect(d.values.titleEn).toBe("Why so late? (edited)");
    expect(await versionCount("faq.why-late")).toBe(before);
  });

  it("an unknown placeholder", async () => {
    const { fields } = await formFor("faq.why-late", { bodyEn: "Call {{hotlne}}." });
    const { response, data } = await post(scriptId["faq.why-late"]!, fields);
    expect(response?.status).toBe(400);
    expect((data as { errors: { fields: Record<string, string> } }).errors.fields.bodyEn).toContain("{{hotlne}}");
  });

  it("a card number in a text or a branch label", async () => {
    const before = await versionCount("faq.why-late");
    const { fields } = await formFor("faq.why-late", { bodyJa: "例：４１１１－１１１１－１１１１－１１１１" });
    const { response, data } = await post(scriptId["faq.why-late"]!, fields);
    expect(response?.status).toBe(400);
    expect((data as { errors: { fields: Record<string, string> } }).errors.fields.bodyJa).toContain("カード番号は保存できません");
    expect(await versionCount("faq.why-late")).toBe(before);
    const call = await formFor("call.identity", { bodyJa: "変更" });
    const labelled = await postRaw(
      scriptId["call.identity"]!,
      withBranches(call.fields, [
        ...call.branches,
        { labelJa: "番号 4111 1111 1111 1111", labelEn: "Card", next: "call.closing" },
      ]),
    );
    expect(labelled.response?.status).toBe(400);
    expect(JSON.stringify((labelled.data as { errors: unknown }).errors)).toContain("カード番号は保存できません");
  });

  it("no changes", async () => {
    const { fields } = await formFor("faq.why-late");
    const { response, data } = await post(scriptId["faq.why-late"]!, fields);
    expect(response?.status).toBe(400);
    expect((data as { errors: { form: string } }).errors.form).toBe("変更がありません。");
  });

  it("someone else saved meanwhile: 409, text kept", async () => {
    const { fields } = await formFor("faq.why-late", { bodyJa: "新しい説明", baseVersion: "0" });
    const { response, data } = await post(scriptId["faq.why-late"]!, fields);
    expect(response?.status).toBe(409);
    expect((data as { values: Record<string, string> }).values.bodyJa).toBe("新しい説明");
  });

  it("a half-filled branch row", async () => {
    const { fields, branches } = await formFor("call.identity", { bodyJa: "変更" });
    const { response, data } = await postRaw(
      scriptId["call.identity"]!,
      withBranches(fields, [...branches, { labelJa: "新しい分岐", labelEn: "", next: "call.closing" }]),
    );
    expect(response?.status).toBe(400);
    const d = data as { errors: { branches: Record<number, string> }; values: { branches: { labelJa: string }[] } };
    expect(Object.keys(d.errors.branches)).toEqual([String(branches.length)]);
    expect(d.values.branches.at(-1)?.labelJa).toBe("新しい分岐");
  });

  it("a branch to a script that does not exist", async () => {
    const { fields, branches } = await formFor("call.identity", { bodyJa: "変更" });
    const { response, data } = await postRaw(
      scriptId["call.identity"]!,
      withBranches(fields, [...branches, { labelJa: "どこか", labelEn: "Somewhere", next: "call.nowhere" }]),
    );
    expect(response?.status).toBe(400);
    expect(JSON.stringify((data as { errors: unknown }).errors)).toContain("call.nowhere");
  });

  it("removing the only branch to a step cuts it (and what follows) off: refused", async () => {
    const { fields, branches } = await formFor("call.affected", { bodyJa: "変更" });
    const before = await versionCount("call.affected");
    const without = branches.filter((b) => b.next !== "call.waiver-offer");
    const { response, data } = await postRaw(scriptId["call.affected"]!, withBranches(fields, without));
    expect(response?.status).toBe(400);
    const graph = (data as { errors: { graph: string[] } }).errors.graph;
    expect(graph.join("\n")).toContain("call.waiver-offer");
    expect(graph.join("\n")).toContain("call.waiver-take");
    expect(await versionCount("call.affected")).toBe(before);
  });

  it("editing a branch label (graph still whole) is saved, with the branches diffed", async () => {
    const { fields, branches } = await formFor("call.affected");
    const edited = branches.map((b) => (b.next === "call.waiver-offer" ? { ...b, labelJa: "再発行手数料のご案内に進む" } : b));
    expect((await postRaw(scriptId["call.affected"]!, withBranches(fields, edited))).response?.status).toBe(302);
    const d = (await view(scriptId["call.affected"]!, "?v=2")).data as EditorData;
    expect(d.diff?.map((x) => x.field)).toEqual(["branches"]);
  });
});

describe("the call script for agents", () => {
  it("the standalone page loads the current approved steps of the current incident", async () => {
    const { data } = await settle(() =>
      callLoader({ request: getRequest("/staff/scripts/call", { cookie: agt.cookie }), params: {}, context: {} }),
    );
    const scripts = (data as { scripts: CallScripts }).scripts;
    expect(scripts.start).toBe("call.opening");
    expect(scripts.escalations.map((e) => e.kind)).toEqual(["fraud", "press", "police", "angry"]);
    expect(scripts.steps["call.closing"]!.body.ja).toBe("下書きの終話です。");
    expect(scripts.steps["call.no-waiver"]!.body.ja).toContain("0120-100-734");
    expect(JSON.stringify(scripts)).not.toContain("{{");
  });

  async function render(search: string, lng: "ja" | "en" = "ja") {
    const scripts = await loadCallScripts({ incidentId, locale: lng });
    const i18n = createInstance();
    await i18n.use(initReactI18next).init({ ...i18nConfig, lng });
    return renderToStaticMarkup(
      createElement(
        StaticRouter,
        { location: `/staff/scripts/call${search}` },
        createElement(I18nextProvider, { i18n }, createElement(CallScriptPanel, { scripts })),
      ),
    );
  }
  const amp = (s: string) => s.replace(/&/g, "&amp;");

  it("renders the current step with plain links: branches carry the trail, back goes one step up", async () => {
    const html = await render("?step=call.identity&trail=call.opening&q=keep");
    expect(html).toContain("ご本人様確認");
    expect(html).toContain("言ってはいけないこと");
    expect(html).toContain(amp(`href="/staff/scripts/call?step=call.affected&trail=call.opening%2Ccall.identity&q=keep"`));
    expect(html).toContain(amp(`href="/staff/scripts/call?step=call.opening&q=keep"`));
    expect(html).toContain('data-escalation="fraud"');
    expect(html).toContain('data-escalation="angry"');
    expect(html).toContain("<kbd>1</kbd>");
  });

  it("falls back to the opening for an unknown step, and offers the other language", async () => {
    const html = await render("?step=call.bogus&trail=call.nope");
    expect(html).toContain('data-step="call.opening"');
    expect(html).not.toContain('rel="prev"');
    expect(html).toContain("英語の文面を表示");
    expect(html).toContain("Thank you for calling the K&#x27;s Factory inquiry desk.");
  });

  it("shows English first for an English-speaking agent", async () => {
    const html = await render("?step=call.waiver-offer", "en");
    expect(html).toContain("Offer the reissue-fee waiver");
    expect(html).toContain("Must not say");
    expect(html).toContain("Show the Japanese text");
  });
});

describe("public FAQ page", () => {
  it("answers the incident's FAQ in the visitor's language", async () => {
    const { data } = await settle(() =>
      faqLoader({
        request: getRequest("/faq?incident=cou-test", { headers: { "Accept-Language": "en" } }),
        params: {},
        context: {},
      }),
    );
    const d = data as Awaited<ReturnType<typeof faqLoader>>;
    expect(d.incident?.slug).toBe("cou-test");
    expect(d.entries[0]?.title).toBe("What happened?");
    expect(d.entries.map((e) => e.anchor)).toContain("why-late");
  });

  it("404 for an unknown incident; the only incident when none is named", async () => {
    expect(
      (await settle(() => faqLoader({ request: getRequest("/faq?incident=nope"), params: {}, context: {} }))).response?.status,
    ).toBe(404);
    const { data } = await settle(() => faqLoader({ request: getRequest("/faq"), params: {}, context: {} }));
    expect((data as Awaited<ReturnType<typeof faqLoader>>).incident?.slug).toBe("cou-test");
  });
});
