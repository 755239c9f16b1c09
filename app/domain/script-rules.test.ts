import { CALL_KEYS, FAQ_KEYS, scriptsFor } from "../../prisma/seed/scripts";
import {
  branchesAsText,
  diffChars,
  diffContent,
  diffLines,
  diffSequences,
  faqAnchor,
  fillPlaceholders,
  hoursForScripts,
  isScriptKey,
  parseBranches,
  pickScriptHotline,
  sameContent,
  serialiseBranches,
  unknownPlaceholders,
  validateCallGraph,
} from "./script-rules";
import type { ScriptBranch, ScriptContent } from "./script-rules";

const b = (next: string, label = next): ScriptBranch => ({ labelJa: `${label}へ`, labelEn: `to ${label}`, next });
const call = (key: string, ...nexts: string[]) => ({ key, kind: "call", branches: nexts.map((n) => b(n)) });

describe("parseBranches / serialiseBranches", () => {
  it("reads what serialise wrote", () => {
    const branches = [b("call.identity"), b("call.closing")];
    expect(parseBranches(serialiseBranches(branches))).toEqual(branches);
  });

  it.each([
    ["null", null],
    ["empty string", ""],
    ["broken JSON", "[{"],
    ["an object", '{"next":"call.closing"}'],
    ["a number", "42"],
  ])("gives [] for %s", (_label, json) => {
    expect(parseBranches(json)).toEqual([]);
  });

  it("drops entries that are not branches and keeps the rest", () => {
    const json = JSON.stringify([b("call.closing"), { labelJa: "x" }, { labelJa: "a", labelEn: "b", next: "NOT A KEY" }, 7]);
    expect(parseBranches(json)).toEqual([b("call.closing")]);
  });

  it("stores no branches as null", () => {
    expect(serialiseBranches([])).toBeNull();
  });

  it.each([
    ["call.opening", true],
    ["faq.what-happened", true],
    ["call.escalate-fraud", true],
    ["Call.opening", false],
    ["call.", false],
    ["other.thing", false],
    ["call.a--b", false],
    ["call.opening ", false],
  ])("isScriptKey(%j) = %s", (key, ok) => {
    expect(isScriptKey(key)).toBe(ok);
  });
});

describe("validateCallGraph", () => {
  it.each(["cou-2017", "coocom-2015"])("accepts the seeded call scripts of %s", (slug) => {
    const scripts = scriptsFor(slug).map((s) => ({ key: s.key, kind: s.kind, branches: s.branches ?? [] }));
    expect(
      scripts
        .filter((s) => s.kind === "call")
        .map((s) => s.key)
        .sort(),
    ).toEqual([...CALL_KEYS].sort());
    expect(scripts.filter((s) => s.kind === "faq")).toHaveLength(FAQ_KEYS.length);
    expect(validateCallGraph(scripts)).toEqual([]);
  });

  it("accepts a small complete graph", () => {
    expect(validateCallGraph([call("call.opening", "call.closing"), call("call.closing")])).toEqual([]);
  });

  it("reports a branch to a script that does not exist", () => {
    expect(validateCallGraph([call("call.opening", "call.nowhere", "call.closing"), call("call.closing")])).toEqual([
      { kind: "missing-target", key: "call.opening", next: "call.nowhere" },
    ]);
  });

  it("reports call scripts that cannot be reached from call.opening", () => {
    expect(
      validateCallGraph([call("call.opening", "call.closing"), call("call.closing"), call("call.orphan", "call.closing")]),
    ).toEqual([{ kind: "unreachable", key: "call.orphan" }]);
  });

  it("counts escalations as entry points (always one click away), and what they lead to as reachable", () => {
    const graph = [
      call("call.opening", "call.closing"),
      call("call.closing"),
      call("call.escalate-press", "call.press-follow-up"),
      call("call.press-follow-up", "call.closing"),
    ];
    expect(validateCallGraph(graph)).toEqual([]);
  });

  it("finds a script cut off by removing the only branch to it, with everything behind it", () => {
    const graph = [
      call("call.opening", "call.identity"),
      call("call.identity", "call.closing"), // the branch to call.affected was removed
      call("call.affected", "call.waiver-offer"),
      call("call.waiver-offer", "call.closing"),
      call("call.closing"),
    ];
    expect(validateCallGraph(graph)).toEqual([
      { kind: "unreachable", key: "call.affected" },
      { kind: "unreachable", key: "call.waiver-offer" },
    ]);
  });

  it("reports a branch to itself", () => {
    expect(validateCallGraph([call("call.opening", "call.opening", "call.closing"), call("call.closing")])).toEqual([
      { kind: "self-loop", key: "call.opening" },
    ]);
  });

  it("reports a missing call.opening (and then nothing is reachable but escalations)", () => {
    expect(validateCallGraph([call("call.closing"), call("call.escalate-angry", "call.closing")])).toEqual([
      { kind: "missing-start" },
    ]);
    expect(validateCallGraph([call("call.identity")])).toEqual([
      { kind: "missing-start" },
      { kind: "unreachable", key: "call.identity" },
    ]);
  });

  it("ignores FAQ entries, and an incident without call scripts has no problems", () => {
    expect(validateCallGraph([{ key: "faq.what-happened", kind: "faq", branches: [] }])).toEqual([]);
    expect(validateCallGraph([call("call.opening"), { key: "faq.x", kind: "faq", branches: [b("call.nowhere")] }])).toEqual([]);
  });

  it("does not follow branches to FAQ entries (they are not steps)", () => {
    expect(validateCallGraph([call("call.opening", "faq.contact"), { key: "faq.contact", kind: "faq", branches: [] }])).toEqual([
      { kind: "missing-target", key: "call.opening", next: "faq.contact" },
    ]);
  });
});

describe("placeholders", () => {
  const values = { hotline: "0120-100-734", hours: "平日 12:00〜17:00" };

  it("fills {{hotline}} and {{hours}} wherever they are, as often as they occur", () => {
    expect(fillPlaceholders("お電話（{{hotline}}、受付時間：{{hours}}）。再掲: {{hotline}}", values)).toBe(
      "お電話（0120-100-734、受付時間：平日 12:00〜17:00）。再掲: 0120-100-734",
    );
  });

  it("forgives spaces inside the braces", () => {
    expect(fillPlaceholders("{{ hotline }}", values)).toBe("0120-100-734");
  });

  it("leaves unknown placeholders as written so a typo shows, and lists them", () => {
    expect(fillPlaceholders("{{hotlne}} {{hours}}", values)).toBe("{{hotlne}} 平日 12:00〜17:00");
    expect(unknownPlaceholders("{{hotlne}} {{hours}} {{email}} {{hotlne}}")).toEqual(["{{hotlne}}", "{{email}}"]);
    expect(unknownPlaceholders("{{hotline}} {{hours}}")).toEqual([]);
  });

  it("leaves text without placeholders alone (single braces too)", () => {
    expect(fillPlaceholders("{hotline} は置き換えない", values)).toBe("{hotline} は置き換えない");
  });

  const weekdays = (from: string, to: string) =>
    Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [[from, to]] as Array<[string, string]>]));

  it.each([
    ["ja", weekdays("12:00", "17:00"), "平日 12:00〜17:00"],
    ["en", weekdays("12:00", "17:00"), "Weekdays 12:00–17:00 JST"],
    ["ja", weekdays("10:00", "18:00"), "平日 10:00〜18:00"],
    ["en", weekdays("10:00", "18:00"), "Weekdays 10:00–18:00 JST"],
    ["ja", {}, "受付時間の設定なし"],
    ["en", {}, "No opening hours configured"],
  ] as const)("hours for scripts (%s): %j → %s (times only: the texts name the closures)", (locale, weekly, expected) => {
    expect(hoursForScripts({ weekly, yearEndClosure: true, locale })).toBe(expected);
  });

  it("picks the main phone line for {{hotline}}, then any phone line, then the main line", () => {
    const email = { kind: "email", isMain: true, address: "inquiry@coo.ne.jp" };
    const phone = { kind: "phone", isMain: false, address: "03-4405-8455" };
    const mainPhone = { kind: "phone", isMain: true, address: "0120-100-734" };
    expect(pickScriptHotline([email, phone, mainPhone])?.address).toBe("0120-100-734");
    expect(pickScriptHotline([email, phone])?.address).toBe("03-4405-8455");
    expect(pickScriptHotline([email])?.address).toBe("inquiry@coo.ne.jp");
    expect(pickScriptHotline([])).toBeNull();
  });

  it("anchors FAQ entries by their key without the kind", () => {
    expect(faqAnchor("faq.why-late")).toBe("why-late");
  });
});

describe("diff", () => {
  it("diffSequences finds the longest common subsequence", () => {
    const ops = diffSequences(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"]);
    expect(ops.map((o) => `${o.type}:${o.value}`)).toEqual(["same:a", "del:b", "add:x", "same:c", "same:d", "add:e"]);
  });

  it("diffSequences handles empty sides", () => {
    expect(diffSequences([], ["a"])).toEqual([{ type: "add", value: "a" }]);
    expect(diffSequences(["a"], [])).toEqual([{ type: "del", value: "a" }]);
    expect(diffSequences([], [])).toEqual([]);
  });

  it("diffChars marks the changed characters of a Japanese sentence, kept whole", () => {
    expect(diffChars("受付時間は平日です", "受付時間は月曜です")).toEqual([
      { type: "same", text: "受付時間は" },
      { type: "del", text: "平日" },
      { type: "add", text: "月曜" },
      { type: "same", text: "です" },
    ]);
    expect(diffChars("平日", "土日")).toEqual([
      { type: "del", text: "平" },
      { type: "add", text: "土" },
      { type: "same", text: "日" },
    ]);
  });

  it("diffChars keeps characters outside the BMP whole", () => {
    const parts = diffChars("𠮷野家", "𠮷田家");
    expect(parts).toEqual([
      { type: "same", text: "𠮷" },
      { type: "del", text: "野" },
      { type: "add", text: "田" },
      { type: "same", text: "家" },
    ]);
  });

  it("diffLines: unchanged text is all 'same'", () => {
    expect(diffLines("a\nb", "a\nb")).toEqual([
      { type: "same", text: "a" },
      { type: "same", text: "b" },
    ]);
  });

  it("diffLines: an added and a removed line", () => {
    expect(diffLines("一行目\n二行目\n三行目", "一行目\n三行目\n四行目")).toEqual([
      { type: "same", text: "一行目" },
      { type: "del", text: "二行目" },
      { type: "same", text: "三行目" },
      { type: "add", text: "四行目" },
    ]);
  });

  it("diffLines: an edited line becomes one 'change' with its characters marked", () => {
    expect(
      diffLines("お電話ありがとうございます。\n窓口の〇〇です。", "お電話ありがとうございます。\n窓口の担当〇〇でございます。"),
    ).toEqual([
      { type: "same", text: "お電話ありがとうございます。" },
      {
        type: "change",
        parts: [
          { type: "same", text: "窓口の" },
          { type: "add", text: "担当" },
          { type: "same", text: "〇〇で" },
          { type: "add", text: "ございま" },
          { type: "same", text: "す。" },
        ],
      },
    ]);
  });

  it("diffLines: a line replaced by something with nothing in common stays removed + added", () => {
    expect(diffLines("abc", "xyz")).toEqual([
      { type: "del", text: "abc" },
      { type: "add", text: "xyz" },
    ]);
  });

  it("diffLines treats CRLF like LF and an empty text as no lines", () => {
    expect(diffLines("a\r\nb", "a\nb").every((d) => d.type === "same")).toBe(true);
    expect(diffLines("", "a")).toEqual([{ type: "add", text: "a" }]);
    expect(diffLines("a", "")).toEqual([{ type: "del", text: "a" }]);
  });

  const base: ScriptContent = {
    titleJa: "第一声",
    titleEn: "Opening",
    bodyJa: "お電話ありがとうございます。",
    bodyEn: "Thank you for calling.",
    mustNotSayJa: null,
    mustNotSayEn: null,
    branches: [b("call.identity")],
  };

  it("diffContent lists only the fields that changed, branches as text lines", () => {
    const after = {
      ...base,
      bodyEn: "Thank you for calling us.",
      mustNotSayJa: "・推測で話さない",
      branches: [b("call.identity"), b("call.closing")],
    };
    const diff = diffContent(base, after);
    expect(diff.map((d) => d.field)).toEqual(["bodyEn", "mustNotSayJa", "branches"]);
    expect(diff.find((d) => d.field === "mustNotSayJa")?.lines).toEqual([{ type: "add", text: "・推測で話さない" }]);
    expect(diff.find((d) => d.field === "branches")?.lines).toEqual([
      { type: "same", text: branchesAsText([b("call.identity")]) },
      { type: "add", text: "2. call.closingへ / to call.closing → call.closing" },
    ]);
    expect(sameContent(base, { ...base })).toBe(true);
    expect(sameContent(base, after)).toBe(false);
  });
});
