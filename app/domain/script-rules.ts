/**
 * Rules for the approved texts: the public FAQ (kind "faq") and the agents' branching call
 * scripts (kind "call"). Pure: no I/O, no Remix, no Prisma.
 *
 * - Placeholders: texts may hold {{hotline}} (the incident's main phone number as printed) and
 *   {{hours}} (that line's weekly hours in words); they are filled when shown, never stored filled.
 * - Branch graph: every branch points at an existing call script, and every call script can be
 *   reached from call.opening or from an escalation (escalations are always one click away).
 * - Diffs between two versions, for the history view: lines first, then characters inside a
 *   changed line (Japanese has no spaces, so words are no use).
 */
import { z } from "zod";
import { describeWeeklyHours } from "./business-hours";
import type { WeeklyHours } from "./business-hours";

export const SCRIPT_KINDS = ["faq", "call"] as const;
export type ScriptKind = (typeof SCRIPT_KINDS)[number];
export const SCRIPT_STATUSES = ["draft", "approved"] as const;
export type ScriptStatus = (typeof SCRIPT_STATUSES)[number];

/** Where every call starts. */
export const CALL_START_KEY = "call.opening";

/** The four escalation routes, always offered to the agent whatever the current step. */
export const ESCALATIONS = [
  { kind: "fraud", key: "call.escalate-fraud" },
  { kind: "press", key: "call.escalate-press" },
  { kind: "police", key: "call.escalate-police" },
  { kind: "angry", key: "call.escalate-angry" },
] as const;
export type EscalationKind = (typeof ESCALATIONS)[number]["kind"];

export function isEscalationKey(key: string): boolean {
  return key.startsWith("call.escalate-");
}

/** Script keys: "faq.what-happened", "call.opening": lower-case words joined by dashes after the kind. */
export const SCRIPT_KEY_PATTERN = /^(faq|call)\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isScriptKey(value: unknown): value is string {
  return typeof value === "string" && value.length <= 80 && SCRIPT_KEY_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------
// Branches
// ---------------------------------------------------------------------------------------

export type ScriptBranch = { labelJa: string; labelEn: string; next: string };

export const MAX_BRANCHES = 9; // number keys 1-9 choose them in the call panel

export const ScriptBranchSchema = z.object({
  labelJa: z.string().trim().min(1).max(200),
  labelEn: z.string().trim().min(1).max(200),
  next: z.string().trim().regex(SCRIPT_KEY_PATTERN).max(80),
});

/**
 * The branches stored with a version (a JSON string, or null). Unreadable JSON or entries gives
 * an empty list or drops the entry: a damaged row must not take the call panel down.
 */
export function parseBranches(json: string | null | undefined): ScriptBranch[] {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const parsed = ScriptBranchSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export function serialiseBranches(branches: readonly ScriptBranch[]): string | null {
  return branches.length ? JSON.stringify(branches.map(({ labelJa, labelEn, next }) => ({ labelJa, labelEn, next }))) : null;
}

export type GraphProblem =
  | { kind: "missing-start" }
  | { kind: "missing-target"; key: string; next: string }
  | { kind: "self-loop"; key: string }
  | { kind: "unreachable"; key: string };

/**
 * Checks the call scripts of one incident as a graph. FAQ entries are ignored (they do not
 * branch). Reachability starts at call.opening and at every escalation, because the panel
 * always offers the escalations. Problems come in a stable order (by key).
 */
export function validateCallGraph(
  scripts: readonly { key: string; kind: string; branches: readonly ScriptBranch[] }[],
): GraphProblem[] {
  const calls = scripts.filter((s) => s.kind === "call").sort((a, b) => a.key.localeCompare(b.key));
  const keys = new Set(calls.map((s) => s.key));
  const problems: GraphProblem[] = [];
  if (calls.length === 0) return problems;
  if (!keys.has(CALL_START_KEY)) problems.push({ kind: "missing-start" });
  for (const s of calls) {
    for (const b of s.branches) {
      if (b.next === s.key) problems.push({ kind: "self-loop", key: s.key });
      else if (!keys.has(b.next)) problems.push({ kind: "missing-target", key: s.key, next: b.next });
    }
  }
  const byKey = new Map(calls.map((s) => [s.key, s]));
  const seen = new Set<string>();
  const queue = [CALL_START_KEY, ...calls.filter((s) => isEscalationKey(s.key)).map((s) => s.key)].filter((k) => keys.has(k));
  while (queue.length) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const b of byKey.get(key)?.branches ?? []) if (keys.has(b.next) && !seen.has(b.next)) queue.push(b.next);
  }
  for (const s of calls) if (!seen.has(s.key)) problems.push({ kind: "unreachable", key: s.key });
  return problems;
}

// ---------------------------------------------------------------------------------------
// What the call panel shows (built by loadCallScripts in app/models/script.server.ts)
// ---------------------------------------------------------------------------------------

export type Bilingual = { ja: string; en: string };

export type CallStep = {
  key: string;
  version: number;
  title: Bilingual;
  body: Bilingual;
  mustNotSay: Bilingual | null;
  branches: { label: Bilingual; next: string }[];
};

export type CallScripts = {
  /** The language to show first (the agent's UI language); the other one is one click away. */
  locale: "ja" | "en";
  start: string;
  steps: Record<string, CallStep>;
  /** The escalation routes that exist for this incident, in fixed order. */
  escalations: { kind: EscalationKind; key: string; title: Bilingual }[];
};

// ---------------------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------------------

export const PLACEHOLDERS = ["hotline", "hours"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PLACEHOLDER_RE = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Replaces {{hotline}} and {{hours}}; any other {{name}} is left as written, so a typo shows. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER_RE, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}

/** The {{names}} a text uses that are not known placeholders (the editor warns about them). */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    const name = m[1] ?? "";
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) unknown.add(`{{${name}}}`);
  }
  return [...unknown];
}

/**
 * The hours as the scripts use them: the opening days and times only, e.g. "平日 12:00〜17:00",
 * "Weekdays 12:00–17:00 JST". The texts name the closures themselves ("土日・祝日は休業"), so
 * the closure part of describeWeeklyHours (in brackets after the times) is cut off here.
 */
export function hoursForScripts({
  weekly,
  yearEndClosure,
  locale,
}: {
  weekly: WeeklyHours;
  yearEndClosure: boolean;
  locale: "ja" | "en";
}): string {
  const full = describeWeeklyHours({ weekly, locale, yearEndClosure });
  if (locale === "ja") return full.split("（")[0]!.trim();
  const at = full.indexOf(" (closed");
  return at === -1 ? full : full.slice(0, at);
}

/** The hotline a script's {{hotline}} refers to: the main phone line, else any phone line, else the main line of any kind. */
export function pickScriptHotline<T extends { kind: string; isMain: boolean }>(hotlines: readonly T[]): T | null {
  return (
    hotlines.find((h) => h.kind === "phone" && h.isMain) ??
    hotlines.find((h) => h.kind === "phone") ??
    hotlines.find((h) => h.isMain) ??
    hotlines[0] ??
    null
  );
}

// ---------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------

export type DiffOp<T> = { type: "same" | "add" | "del"; value: T };

/** Above this many LCS cells a diff falls back to "all removed, all added" (history must stay fast). */
const MAX_CELLS = 4_000_000;

/**
 * Longest-common-subsequence diff of two sequences. Common prefix and suffix are trimmed first,
 * so the usual edit (a few lines changed in a long text) costs little.
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[], equals: (x: T, y: T) => boolean = Object.is): DiffOp<T>[] {
  let start = 0;
  while (start < a.length && start < b.length && equals(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && equals(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const head: DiffOp<T>[] = a.slice(0, start).map((value) => ({ type: "same", value }));
  const tail: DiffOp<T>[] = a.slice(endA).map((value) => ({ type: "same", value }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    return [
      ...head,
      ...midA.map((value): DiffOp<T> => ({ type: "del", value })),
      ...midB.map((value): DiffOp<T> => ({ type: "add", value })),
      ...tail,
    ];
  }
  // lcs[i][j] = LCS length of midA[i..] and midB[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = equals(midA[i]!, midB[j]!)
        ? lcs[(i + 1) * width + j + 1]! + 1
        : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const middle: DiffOp<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (equals(midA[i]!, midB[j]!)) {
      middle.push({ type: "same", value: midA[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      middle.push({ type: "del", value: midA[i]! });
      i++;
    } else {
      middle.push({ type: "add", value: midB[j]! });
      j++;
    }
  }
  while (i < n) middle.push({ type: "del", value: midA[i++]! });
  while (j < m) middle.push({ type: "add", value: midB[j++]! });
  return [...head, ...middle, ...tail];
}

export type TextPart = { type: "same" | "add" | "del"; text: string };
export type LineDiff =
  | { type: "same"; text: string }
  | { type: "del"; text: string }
  | { type: "add"; text: string }
  /** A line that was edited: its characters, marked. */
  | { type: "change"; parts: TextPart[] };

/** Character diff of two strings, with runs of the same kind merged. Code points, so kana and emoji stay whole. */
export function diffChars(before: string, after: string): TextPart[] {
  const ops = diffSequences(Array.from(before), Array.from(after));
  const parts: TextPart[] = [];
  for (const op of ops) {
    const last = parts[parts.length - 1];
    if (last && last.type === op.type) last.text += op.value;
    else parts.push({ type: op.type, text: op.value });
  }
  return parts;
}

/**
 * Line diff of two texts for the history view. Where a block of removed lines is followed by a
 * block of added lines, they are paired one to one as edited lines with a character diff
 * (when the two lines still have something in common); the rest stay whole removed/added lines.
 */
export function diffLines(before: string, after: string): LineDiff[] {
  const split = (s: string) => (s === "" ? [] : s.replace(/\r\n?/g, "\n").split("\n"));
  const ops = diffSequences(split(before), split(after));
  const out: LineDiff[] = [];
  let k = 0;
  while (k < ops.length) {
    const op = ops[k]!;
    if (op.type === "same") {
      out.push({ type: "same", text: op.value });
      k++;
      continue;
    }
    const dels: string[] = [];
    const adds: string[] = [];
    while (k < ops.length && ops[k]!.type === "del") dels.push(ops[k++]!.value);
    while (k < ops.length && ops[k]!.type === "add") adds.push(ops[k++]!.value);
    const pairs = Math.min(dels.length, adds.length);
    for (let p = 0; p < pairs; p++) {
      const parts = diffChars(dels[p]!, adds[p]!);
      const common = parts.filter((x) => x.type === "same").reduce((sum, x) => sum + x.text.length, 0);
      if (common > 0) out.push({ type: "change", parts });
      else out.push({ type: "del", text: dels[p]! }, { type: "add", text: adds[p]! });
    }
    for (const text of dels.slice(pairs)) out.push({ type: "del", text });
    for (const text of adds.slice(pairs)) out.push({ type: "add", text });
  }
  return out;
}

export function hasChanges(diff: readonly LineDiff[]): boolean {
  return diff.some((d) => d.type !== "same");
}

// ---------------------------------------------------------------------------------------
// A version's content, for saving and comparing
// ---------------------------------------------------------------------------------------

export type ScriptContent = {
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  mustNotSayJa: string | null;
  mustNotSayEn: string | null;
  branches: ScriptBranch[];
};

export const CONTENT_FIELDS = ["titleJa", "titleEn", "bodyJa", "bodyEn", "mustNotSayJa", "mustNotSayEn", "branches"] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** Branches as text lines ("1. label / label → next") so they diff like the rest. */
export function branchesAsText(branches: readonly ScriptBranch[]): string {
  return branches.map((b, i) => `${i + 1}. ${b.labelJa} / ${b.labelEn} → ${b.next}`).join("\n");
}

/** Field-by-field diff of two versions; fields without changes are left out. */
export function diffContent(before: ScriptContent, after: ScriptContent): { field: ContentField; lines: LineDiff[] }[] {
  const text = (c: ScriptContent, f: ContentField) => (f === "branches" ? branchesAsText(c.branches) : (c[f] ?? ""));
  return CONTENT_FIELDS.map((field) => ({ field, lines: diffLines(text(before, field), text(after, field)) })).filter((d) =>
    hasChanges(d.lines),
  );
}

export function sameContent(a: ScriptContent, b: ScriptContent): boolean {
  return diffContent(a, b).length === 0;
}

/** Stable in-page anchor of an FAQ entry: "faq.what-happened" → "what-happened". */
export function faqAnchor(key: string): string {
  return key.replace(/^faq\./, "");
}
