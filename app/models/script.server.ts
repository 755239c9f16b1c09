/**
 * Scripts and their versions: the public FAQ and the agents' call scripts, per incident.
 *
 * A version row is never changed or deleted. Saving creates version N+1; approving a draft
 * creates another version with the draft's content and status "approved" (so who approved
 * what, and when, is itself in the history). The current text of a script is its highest
 * approved version; drafts are seen only in the editor.
 */
import { parseWeeklyHours } from "~/domain/business-hours";
import {
  CALL_START_KEY,
  ESCALATIONS,
  faqAnchor,
  fillPlaceholders,
  hoursForScripts,
  parseBranches,
  pickScriptHotline,
  serialiseBranches,
  validateCallGraph,
} from "~/domain/script-rules";
import type {
  Bilingual,
  CallScripts,
  CallStep,
  GraphProblem,
  PlaceholderValues,
  ScriptBranch,
  ScriptContent,
  ScriptKind,
  ScriptStatus,
} from "~/domain/script-rules";

export type { CallScripts, CallStep } from "~/domain/script-rules";
import { prisma } from "~/utils/db.server";
import type { Prisma } from "~/utils/db.server";

const versionSelect = {
  id: true,
  version: true,
  titleJa: true,
  titleEn: true,
  bodyJa: true,
  bodyEn: true,
  mustNotSayJa: true,
  mustNotSayEn: true,
  branches: true,
  status: true,
  createdAt: true,
  editedBy: { select: { id: true, name: true } },
} satisfies Prisma.ScriptVersionSelect;

type VersionRow = Prisma.ScriptVersionGetPayload<{ select: typeof versionSelect }>;

export type ScriptVersionView = {
  id: string;
  version: number;
  status: ScriptStatus;
  createdAt: string;
  editedBy: { id: string; name: string } | null;
} & ScriptContent;

function toView(row: VersionRow): ScriptVersionView {
  return {
    id: row.id,
    version: row.version,
    status: row.status === "draft" ? "draft" : "approved",
    createdAt: row.createdAt.toISOString(),
    editedBy: row.editedBy ? { id: row.editedBy.id, name: row.editedBy.name } : null,
    titleJa: row.titleJa,
    titleEn: row.titleEn,
    bodyJa: row.bodyJa,
    bodyEn: row.bodyEn,
    mustNotSayJa: row.mustNotSayJa,
    mustNotSayEn: row.mustNotSayEn,
    branches: parseBranches(row.branches),
  };
}

export type CurrentScript = { id: string; key: string; kind: ScriptKind; position: number; current: ScriptVersionView };

/**
 * The current approved version of every script of an incident (optionally of one kind), in
 * display order. A script that has no approved version yet is left out.
 */
export async function listCurrentScripts({
  incidentId,
  kind,
}: {
  incidentId: string;
  kind?: ScriptKind;
}): Promise<CurrentScript[]> {
  const scripts = await prisma.script.findMany({
    where: { incidentId, ...(kind ? { kind } : {}) },
    orderBy: [{ kind: "asc" }, { position: "asc" }, { key: "asc" }],
    select: {
      id: true,
      key: true,
      kind: true,
      position: true,
      versions: { where: { status: "approved" }, orderBy: { version: "desc" }, take: 1, select: versionSelect },
    },
  });
  return scripts.flatMap((s) => {
    const row = s.versions[0];
    if (!row) return [];
    return [{ id: s.id, key: s.key, kind: s.kind === "call" ? "call" : "faq", position: s.position, current: toView(row) }];
  });
}

export type ScriptListRow = {
  id: string;
  key: string;
  kind: ScriptKind;
  position: number;
  title: { ja: string; en: string };
  currentVersion: number | null;
  latestVersion: number;
  hasDraft: boolean;
  lastEditedAt: string | null;
  lastEditedBy: string | null;
};

/** The editor's list: every script of an incident with its current and latest version and who last saved it. */
export async function listScriptsForEditor({ incidentId }: { incidentId: string }): Promise<ScriptListRow[]> {
  const scripts = await prisma.script.findMany({
    where: { incidentId },
    orderBy: [{ kind: "asc" }, { position: "asc" }, { key: "asc" }],
    select: {
      id: true,
      key: true,
      kind: true,
      position: true,
      versions: {
        orderBy: { version: "desc" },
        select: {
          version: true,
          status: true,
          titleJa: true,
          titleEn: true,
          createdAt: true,
          editedBy: { select: { name: true } },
        },
      },
    },
  });
  return scripts.map((s) => {
    const latest = s.versions[0];
    const current = s.versions.find((v) => v.status === "approved") ?? null;
    const shown = current ?? latest;
    return {
      id: s.id,
      key: s.key,
      kind: s.kind === "call" ? "call" : "faq",
      position: s.position,
      title: { ja: shown?.titleJa ?? s.key, en: shown?.titleEn ?? s.key },
      currentVersion: current?.version ?? null,
      latestVersion: latest?.version ?? 0,
      hasDraft: latest !== undefined && latest.status === "draft",
      lastEditedAt: latest ? latest.createdAt.toISOString() : null,
      lastEditedBy: latest?.editedBy?.name ?? null,
    };
  });
}

export type ScriptWithHistory = {
  id: string;
  incidentId: string;
  key: string;
  kind: ScriptKind;
  position: number;
  /** Newest first. */
  versions: ScriptVersionView[];
  current: ScriptVersionView | null;
  latest: ScriptVersionView | null;
};

/** One script with every version, newest first. Null when there is no such script. */
export async function getScriptWithHistory({ scriptId }: { scriptId: string }): Promise<ScriptWithHistory | null> {
  const script = await prisma.script.findUnique({
    where: { id: scriptId },
    select: {
      id: true,
      incidentId: true,
      key: true,
      kind: true,
      position: true,
      versions: { orderBy: { version: "desc" }, select: versionSelect },
    },
  });
  if (!script) return null;
  const versions = script.versions.map(toView);
  return {
    id: script.id,
    incidentId: script.incidentId,
    key: script.key,
    kind: script.kind === "call" ? "call" : "faq",
    position: script.position,
    versions,
    current: versions.find((v) => v.status === "approved") ?? null,
    latest: versions[0] ?? null,
  };
}

/** The keys of an incident's call scripts with the branches of their current approved version. */
async function currentCallGraph(incidentId: string) {
  const current = await listCurrentScripts({ incidentId, kind: "call" });
  return current.map((s) => ({ key: s.key, kind: s.kind, branches: s.current.branches }));
}

/** The incident's call graph problems if `scriptKey` had these branches (for checking a save before it happens). */
export async function graphProblemsWith({
  incidentId,
  scriptKey,
  branches,
}: {
  incidentId: string;
  scriptKey: string;
  branches: ScriptBranch[];
}): Promise<GraphProblem[]> {
  const graph = await currentCallGraph(incidentId);
  const replaced = graph.some((s) => s.key === scriptKey)
    ? graph.map((s) => (s.key === scriptKey ? { ...s, branches } : s))
    : [...graph, { key: scriptKey, kind: "call", branches }];
  return validateCallGraph(replaced);
}

/** Keys of the incident's call scripts, for the branch target choices in the editor. */
export async function listCallScriptKeys({ incidentId }: { incidentId: string }): Promise<string[]> {
  const rows = await prisma.script.findMany({
    where: { incidentId, kind: "call" },
    orderBy: [{ position: "asc" }, { key: "asc" }],
    select: { key: true },
  });
  return rows.map((r) => r.key);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/**
 * Saves a new version N+1 of a script, as a draft or directly approved (supervisors). Two
 * editors saving at the same moment cannot both get N+1 ([scriptId, version] is unique): the
 * second one is retried as N+2.
 */
export async function createScriptVersion({
  scriptId,
  content,
  status,
  editedById,
}: {
  scriptId: string;
  content: ScriptContent;
  status: ScriptStatus;
  editedById: string;
}): Promise<{ id: string; version: number; status: ScriptStatus }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const last = await prisma.scriptVersion.findFirst({
        where: { scriptId },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      const created = await prisma.scriptVersion.create({
        data: {
          scriptId,
          version: (last?.version ?? 0) + 1,
          titleJa: content.titleJa,
          titleEn: content.titleEn,
          bodyJa: content.bodyJa,
          bodyEn: content.bodyEn,
          mustNotSayJa: content.mustNotSayJa,
          mustNotSayEn: content.mustNotSayEn,
          branches: serialiseBranches(content.branches),
          status,
          editedById,
        },
        select: { id: true, version: true },
      });
      return { ...created, status };
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * Approves a draft: a new version with the draft's content and status "approved". Returns null
 * when `version` is not a draft of this script (unknown, or already approved).
 */
export async function approveScriptDraft({
  scriptId,
  version,
  approvedById,
}: {
  scriptId: string;
  version: number;
  approvedById: string;
}): Promise<{ id: string; version: number; fromVersion: number } | null> {
  const draft = await prisma.scriptVersion.findUnique({
    where: { scriptId_version: { scriptId, version } },
    select: versionSelect,
  });
  if (!draft || draft.status !== "draft") return null;
  const view = toView(draft);
  const created = await createScriptVersion({
    scriptId,
    status: "approved",
    editedById: approvedById,
    content: {
      titleJa: view.titleJa,
      titleEn: view.titleEn,
      bodyJa: view.bodyJa,
      bodyEn: view.bodyEn,
      mustNotSayJa: view.mustNotSayJa,
      mustNotSayEn: view.mustNotSayEn,
      branches: view.branches,
    },
  });
  return { id: created.id, version: created.version, fromVersion: version };
}

// ---------------------------------------------------------------------------------------
// Filled texts for agents and the public
// ---------------------------------------------------------------------------------------

/** {{hotline}} and {{hours}} of an incident, in both languages. */
export async function loadPlaceholderValues({
  incidentId,
}: {
  incidentId: string;
}): Promise<Record<"ja" | "en", PlaceholderValues>> {
  const hotlines = await prisma.hotline.findMany({
    where: { incidentId },
    select: { kind: true, isMain: true, address: true, weeklyHours: true, yearEndClosure: true },
  });
  const hotline = pickScriptHotline(hotlines);
  const yearEndClosure = hotline?.yearEndClosure ?? true;
  // Unreadable stored hours give "" rather than an error: a damaged row must not take the FAQ or a call down.
  const hours = (locale: "ja" | "en") => {
    if (hotline?.kind !== "phone") return "";
    try {
      return hoursForScripts({ weekly: parseWeeklyHours(hotline.weeklyHours), yearEndClosure, locale });
    } catch {
      return "";
    }
  };
  return {
    ja: { hotline: hotline?.address ?? "", hours: hours("ja") },
    en: { hotline: hotline?.address ?? "", hours: hours("en") },
  };
}

/**
 * The current approved call scripts of an incident with placeholders filled, ready for
 * <CallScriptPanel>. The agent desk calls this in its loader.
 */
export async function loadCallScripts({ incidentId, locale }: { incidentId: string; locale: "ja" | "en" }): Promise<CallScripts> {
  const [scripts, values] = await Promise.all([
    listCurrentScripts({ incidentId, kind: "call" }),
    loadPlaceholderValues({ incidentId }),
  ]);
  const fill = (ja: string, en: string): Bilingual => ({
    ja: fillPlaceholders(ja, values.ja),
    en: fillPlaceholders(en, values.en),
  });
  const steps: Record<string, CallStep> = {};
  for (const s of scripts) {
    const v = s.current;
    steps[s.key] = {
      key: s.key,
      version: v.version,
      title: fill(v.titleJa, v.titleEn),
      body: fill(v.bodyJa, v.bodyEn),
      mustNotSay: v.mustNotSayJa || v.mustNotSayEn ? fill(v.mustNotSayJa ?? "", v.mustNotSayEn ?? "") : null,
      branches: v.branches.map((b) => ({ label: { ja: b.labelJa, en: b.labelEn }, next: b.next })),
    };
  }
  return {
    locale,
    start: steps[CALL_START_KEY] ? CALL_START_KEY : (scripts[0]?.key ?? CALL_START_KEY),
    steps,
    escalations: ESCALATIONS.flatMap((e) => {
      const step = steps[e.key];
      return step ? [{ kind: e.kind, key: e.key, title: step.title }] : [];
    }),
  };
}

export type FaqEntry = { key: string; anchor: string; version: number; title: string; body: string };

/** The public FAQ of an incident in one language: current approved versions, placeholders filled. */
export async function loadPublicFaq({ incidentId, locale }: { incidentId: string; locale: "ja" | "en" }): Promise<FaqEntry[]> {
  const [scripts, values] = await Promise.all([
    listCurrentScripts({ incidentId, kind: "faq" }),
    loadPlaceholderValues({ incidentId }),
  ]);
  return scripts.map((s) => ({
    key: s.key,
    anchor: faqAnchor(s.key),
    version: s.current.version,
    title: fillPlaceholders(locale === "en" ? s.current.titleEn : s.current.titleJa, values[locale]),
    body: fillPlaceholders(locale === "en" ? s.current.bodyEn : s.current.bodyJa, values[locale]),
  }));
}
