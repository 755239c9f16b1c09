import { describe, expect, it } from "vitest";
import { cardCompanies } from "./card-companies";
import type { IncidentSeed } from "./incidents";
import { demoCountsFor, demoIncidents } from "./incidents";
import type { ScriptSeed } from "./scripts";
import { CALL_KEYS, FAQ_KEYS, scriptsFor } from "./scripts";

function incident(slug: string): IncidentSeed {
  const found = demoIncidents.find((i) => i.slug === slug);
  if (!found) throw new Error(`missing incident ${slug}`);
  return found;
}

const SLUGS = ["cou-2017", "coocom-2015"] as const;

/** Every piece of text a script holds, with where it came from. */
function texts(s: ScriptSeed): [where: string, text: string][] {
  return [
    [`${s.key}.titleJa`, s.titleJa],
    [`${s.key}.titleEn`, s.titleEn],
    [`${s.key}.bodyJa`, s.bodyJa],
    [`${s.key}.bodyEn`, s.bodyEn],
    [`${s.key}.mustNotSayJa`, s.mustNotSayJa ?? ""],
    [`${s.key}.mustNotSayEn`, s.mustNotSayEn ?? ""],
    ...(s.branches ?? []).flatMap((b, i): [string, string][] => [
      [`${s.key}.branches[${i}].labelJa`, b.labelJa],
      [`${s.key}.branches[${i}].labelEn`, b.labelEn],
    ]),
  ];
}

/**
 * Phrasings that would ask the caller for card data. Saying that we never ask
 * ("お伺いすることは一切ございません", "we will never ask for your card number") is fine.
 */
const CARD_DATA = "(?:クレジット)?カード(?:の)?番号|セキュリティ(?:ー)?コード|有効期限|暗証番号|(?:末尾|下)\\s*[4４]\\s*桁";
const ASKS_FOR_CARD_DATA: RegExp[] = [
  new RegExp(
    `(?:${CARD_DATA})(?:を|は|も)?(?:教えて|お教え|お聞かせ|おっしゃって|お伺いしても|伺っても|お知らせ(?:ください|いただけ)|頂戴|お願い(?:します|いたします|できますか)|ご入力ください|入力してください|お読み上げ|読み上げて|ご確認させて)`,
  ),
  /\b(?:please|kindly)\s+(?:tell|give|read(?: out)?|provide|confirm|enter|spell)\b[^.?!\n]{0,40}\b(?:card number|security code|cvv|cvc|expiry|pin)\b/i,
  /\b(?:could|can|would|will) you (?:please )?(?:tell|give|read(?: out)?|provide|confirm|enter)\b[^.?!\n]{0,40}\b(?:card number|security code|cvv|cvc|expiry|pin)\b/i,
  /\bmay I (?:have|take|ask for)\b[^.?!\n]{0,30}\b(?:card number|security code|cvv|cvc|expiry|pin)\b/i,
  /\bwhat(?:'s| is) your (?:full )?(?:card number|security code|cvv|cvc|expiry|pin)\b/i,
  /\bI (?:need|will need) your (?:full )?(?:card number|security code|cvv|cvc)\b/i,
];
const asksForCardData = (text: string) => ASKS_FOR_CARD_DATA.some((re) => re.test(text));

describe("demo incidents", () => {
  it("holds both real cases", () => {
    expect(demoIncidents.map((i) => i.slug).sort()).toEqual(["coocom-2015", "cou-2017"]);
  });

  it("Case A: one shop, one window, card payments only", () => {
    const a = incident("cou-2017");
    expect(a.companyJa).toBe("有限会社ケイズファクトリー");
    expect(a.noticeDate).toBe("2018-01-16");
    expect(a.discoveredOn).toBe("2017-09-15");
    expect(a.maxAffected).toBe(335);
    expect(a.sites.map((s) => s.slug)).toEqual(["shop"]);
    expect(a.sites[0]?.windows.map(({ startDate, endDate }) => ({ startDate, endDate }))).toEqual([
      { startDate: "2017-08-05", endDate: "2017-09-15" },
    ]);
    expect(a.sites[0]?.stolenItems.sort()).toEqual(["card_number", "expiry", "name", "security_code"]);
    expect(a.reportedTo.map((r) => [r.authority, r.date])).toEqual([
      ["個人情報保護委員会", "2017-12-25"],
      ["茨城県警察本部", "2017-12-28"],
    ]);
    expect(a.hotlines).toHaveLength(1);
    expect(a.hotlines[0]).toMatchObject({ kind: "phone", address: "0120-100-734", isMain: true });
    expect(a.hotlines[0]?.weeklyHours).toEqual({
      mon: [["12:00", "17:00"]],
      tue: [["12:00", "17:00"]],
      wed: [["12:00", "17:00"]],
      thu: [["12:00", "17:00"]],
      fri: [["12:00", "17:00"]],
      sat: [],
      sun: [],
    });
    expect(a.hotlines.some((h) => h.kind === "email")).toBe(false);
  });

  it("Case B: three sites, each with its own window", () => {
    const b = incident("coocom-2015");
    expect(b.companyJa).toBe("クーコム株式会社");
    expect(b.noticeDate).toBe("2015-09-18");
    expect(b.discoveredOn).toBe("2015-06-29");
    expect(b.maxAffected).toBe(24_308);
    const windows = Object.fromEntries(
      b.sites.map((s) => [s.slug, s.windows.map(({ startDate, endDate }) => [startDate, endDate])]),
    );
    expect(windows).toEqual({
      rentacar: [["2013-07-26", "2015-07-02"]],
      "lcc-tour": [["2015-03-20", "2015-07-17"]],
      "water-server": [["2012-03-01", "2012-09-30"]],
    });
    for (const s of b.sites) expect(s.stolenItems.sort()).toEqual(["card_number", "email", "expiry", "name", "phone"]);
    expect(b.reportedTo.map((r) => [r.authority, r.date])).toEqual([
      ["経済産業省", "2015-07-09"],
      ["渋谷警察署", "2015-07-09"],
      ["渋谷警察署", "2015-07-23"],
    ]);
    const phone = b.hotlines.find((h) => h.kind === "phone");
    const email = b.hotlines.find((h) => h.kind === "email");
    expect(phone).toMatchObject({ address: "03-4405-8455", isMain: true });
    expect(phone?.weeklyHours.mon).toEqual([["10:00", "18:00"]]);
    expect(phone?.weeklyHours.fri).toEqual([["10:00", "18:00"]]);
    expect(phone?.weeklyHours.sat).toEqual([]);
    expect(phone?.weeklyHours.sun).toEqual([]);
    expect(email?.address).toBe("inquiry@coo.ne.jp");
  });

  it("Case B demo counts add up to the notice's 24,308; Case A's to 335", () => {
    const b = demoCountsFor("coocom-2015");
    expect(Object.values(b).reduce((sum, n) => sum + n, 0)).toBe(24_308);
    expect(Object.keys(b).sort()).toEqual(["lcc-tour", "rentacar", "water-server"]);
    expect(demoCountsFor("cou-2017")).toEqual({ shop: 335 });
    expect(() => demoCountsFor("nope")).toThrow();
  });

  it("is well-formed: dates, slugs, unique reference prefixes, summaries in both languages", () => {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const prefixes = new Set<string>();
    for (const i of demoIncidents) {
      for (const field of [i.titleJa, i.titleEn, i.summaryJa, i.summaryEn, i.companyJa, i.companyEn])
        expect(field.trim().length).toBeGreaterThan(0);
      expect(i.noticeDate).toMatch(date);
      for (const r of i.reportedTo) expect(r.date).toMatch(date);
      for (const s of i.sites) {
        expect(s.slug).toMatch(/^[a-z0-9-]+$/);
        expect(s.demoCount).toBeGreaterThan(0);
        prefixes.add(s.demoReferencePrefix);
        for (const w of s.windows) {
          expect(w.startDate).toMatch(date);
          expect(w.endDate).toMatch(date);
          expect(w.startDate <= w.endDate).toBe(true);
        }
      }
      expect(i.hotlines.filter((h) => h.isMain)).toHaveLength(1);
    }
    expect(prefixes.size).toBe(4);
  });
});

describe("card companies", () => {
  it("lists the main issuers once each, with 'other' last", () => {
    expect(cardCompanies.length).toBeGreaterThanOrEqual(21);
    expect(new Set(cardCompanies.map((c) => c.code)).size).toBe(cardCompanies.length);
    for (const c of cardCompanies) {
      expect(c.code).toMatch(/^[a-z0-9-]+$/);
      expect(c.nameJa.trim()).not.toBe("");
      expect(c.nameEn.trim()).not.toBe("");
    }
    expect(cardCompanies.at(-1)).toEqual({ code: "other", nameJa: "その他", nameEn: "Other" });
    const names = cardCompanies.map((c) => c.nameJa).join("|");
    for (const n of [
      "JCB",
      "三井住友カード",
      "三菱UFJニコス",
      "クレディセゾン",
      "楽天カード",
      "アメリカン・エキスプレス",
      "ダイナースクラブ",
      "PayPayカード",
    ]) {
      expect(names).toContain(n);
    }
  });
});

describe.each(SLUGS)("scripts for %s", (slug) => {
  const scripts = scriptsFor(slug);
  const byKey = new Map(scripts.map((s) => [s.key, s]));

  it("has every FAQ and call key, each once, with unique positions", () => {
    expect(byKey.size).toBe(scripts.length);
    for (const key of FAQ_KEYS) expect(byKey.get(key)?.kind, key).toBe("faq");
    for (const key of CALL_KEYS) expect(byKey.get(key)?.kind, key).toBe("call");
    expect(new Set(scripts.map((s) => s.position)).size).toBe(scripts.length);
  });

  it("has non-empty Japanese and English titles and bodies", () => {
    for (const s of scripts) {
      expect(s.titleJa.trim(), s.key).not.toBe("");
      expect(s.titleEn.trim(), s.key).not.toBe("");
      expect(s.bodyJa.trim(), s.key).not.toBe("");
      expect(s.bodyEn.trim(), s.key).not.toBe("");
      expect(s.bodyJa, s.key).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(s.bodyEn, s.key).toMatch(/[A-Za-z]{3}/);
    }
  });

  it("gives every call script a must-not-say note in both languages", () => {
    for (const s of scripts.filter((x) => x.kind === "call")) {
      expect(s.mustNotSayJa?.trim(), s.key).toBeTruthy();
      expect(s.mustNotSayEn?.trim(), s.key).toBeTruthy();
      expect(s.mustNotSayJa, s.key).toContain("カード番号");
      expect(s.mustNotSayEn, s.key).toContain("card number");
    }
  });

  it("branches only to existing call scripts, and every call path ends at call.closing", () => {
    for (const s of scripts) {
      for (const b of s.branches ?? []) {
        expect(byKey.has(b.next), `${s.key} -> ${b.next}`).toBe(true);
        expect(byKey.get(b.next)?.kind).toBe("call");
        expect(b.labelJa.trim()).not.toBe("");
        expect(b.labelEn.trim()).not.toBe("");
      }
    }
    // Every call script is reachable from the opening...
    const reached = new Set<string>(["call.opening"]);
    const queue = ["call.opening"];
    while (queue.length > 0) {
      const key = queue.shift() as string;
      for (const b of byKey.get(key)?.branches ?? []) {
        if (!reached.has(b.next)) {
          reached.add(b.next);
          queue.push(b.next);
        }
      }
    }
    expect([...reached].sort()).toEqual([...CALL_KEYS].sort());
    // ...only the closing has no way on, and the closing is reachable from everywhere.
    for (const key of CALL_KEYS) {
      const s = byKey.get(key);
      if (key === "call.closing") expect(s?.branches ?? []).toEqual([]);
      else expect(s?.branches?.length, key).toBeGreaterThan(0);
    }
    const canClose = new Set<string>(["call.closing"]);
    for (let changed = true; changed;) {
      changed = false;
      for (const key of CALL_KEYS) {
        if (!canClose.has(key) && (byKey.get(key)?.branches ?? []).some((b) => canClose.has(b.next))) {
          canClose.add(key);
          changed = true;
        }
      }
    }
    expect(canClose.size).toBe(CALL_KEYS.length);
    // The flow the desk follows.
    const nexts = (key: string) => (byKey.get(key)?.branches ?? []).map((b) => b.next);
    expect(nexts("call.opening")).toContain("call.identity");
    expect(nexts("call.identity")).toEqual(expect.arrayContaining(["call.affected", "call.not-affected", "call.cannot-verify"]));
    expect(nexts("call.affected")).toContain("call.waiver-offer");
    expect(nexts("call.waiver-offer")).toEqual(expect.arrayContaining(["call.waiver-take", "call.no-waiver"]));
    expect(nexts("call.waiver-take")).toContain("call.closing");
    expect(nexts("call.no-waiver")).toContain("call.closing");
  });

  it("never asks the caller for card data", () => {
    const offending = scripts.flatMap(texts).filter(([, text]) => asksForCardData(text));
    expect(offending).toEqual([]);
  });

  it("tells the caller we never ask for the card number, in the identity check and the phishing FAQ", () => {
    expect(byKey.get("call.identity")?.bodyJa).toMatch(/カード番号.*お伺いすることは一切ございません/);
    expect(byKey.get("call.identity")?.bodyEn).toMatch(/never ask for your card number/);
    expect(byKey.get("faq.phishing")?.bodyJa).toMatch(/お伺いすることは一切ございません/);
    expect(byKey.get("faq.phishing")?.bodyEn).toMatch(/Neither this desk nor our company will ever ask for your card number/);
  });

  it("uses only the known placeholders, and the contact FAQ has both", () => {
    for (const [where, text] of scripts.flatMap(texts)) {
      for (const m of text.matchAll(/\{\{\s*([^}]*)\s*\}\}/g)) expect(["hotline", "hours"], where).toContain(m[1]);
      expect(text, where).not.toMatch(/\{[^{}]*\}(?!\})|\$\{/);
    }
    expect(byKey.get("faq.contact")?.bodyJa).toContain("{{hotline}}");
    expect(byKey.get("faq.contact")?.bodyJa).toContain("{{hours}}");
    expect(byKey.get("faq.contact")?.bodyEn).toContain("{{hotline}}");
    expect(byKey.get("faq.contact")?.bodyEn).toContain("{{hours}}");
  });

  it("points customers to the card company on the back of the card and to the web check", () => {
    expect(byKey.get("faq.what-to-do")?.bodyJa).toContain("裏面");
    expect(byKey.get("faq.what-to-do")?.bodyEn).toContain("back of your card");
    expect(byKey.get("faq.am-i-affected")?.bodyJa).toContain("/check");
    expect(byKey.get("faq.am-i-affected")?.bodyEn).toContain("/check");
    expect(byKey.get("call.escalate-fraud")?.bodyJa).toContain("裏面");
  });
});

describe("scripts: case-specific facts", () => {
  const a = new Map(scriptsFor("cou-2017").map((s) => [s.key, s]));
  const b = new Map(scriptsFor("coocom-2015").map((s) => [s.key, s]));

  it("Case A explains the late notice as section 8 does, and apologises", () => {
    const late = a.get("faq.why-late");
    expect(late?.bodyJa).toContain("決済代行会社と協議");
    expect(late?.bodyJa).toContain("お詫び");
    expect(late?.bodyJa).toContain("2017年10月20日");
    expect(late?.bodyEn).toContain("apologise");
  });

  it("Case B gives the timeline from 6/29 to 7/23 and the final report of 9/18", () => {
    const late = b.get("faq.why-late")?.bodyJa ?? "";
    for (const d of ["6月29日", "7月2日", "7月3日", "7月9日", "7月23日", "9月18日"]) expect(late).toContain(d);
  });

  it("states each case's reissue-fee position", () => {
    expect(a.get("faq.reissue-fee")?.bodyJa).toContain("弊社からクレジットカード会社に依頼");
    expect(b.get("faq.reissue-fee")?.bodyJa).toContain("確認された場合");
    expect(b.get("faq.reissue-fee")?.bodyJa).toContain("お客様ご自身からのお申し出");
  });

  it("mentions the email line only for Case B", () => {
    const all = (m: Map<string, ScriptSeed>) =>
      [...m.values()]
        .flatMap(texts)
        .map(([, t]) => t)
        .join("\n");
    expect(all(a)).not.toContain("@");
    expect(all(b)).toContain("inquiry@coo.ne.jp");
    expect(a.get("faq.contact")?.bodyJa).toContain("メールでのお問い合わせ窓口はございません");
  });

  it("the card-data check catches requests and lets refusals through", () => {
    for (const bad of [
      "カード番号を教えてください。",
      "クレジットカード番号をお教えいただけますか。",
      "カード番号をお伺いしてもよろしいでしょうか。",
      "セキュリティコードをお知らせください。",
      "カードの末尾4桁をお教えください。",
      "Could you tell me your card number?",
      "Please read out the security code on the back.",
      "May I have your card number?",
      "What is your card number?",
    ]) {
      expect(asksForCardData(bad), bad).toBe(true);
    }
    for (const ok of [
      "当窓口からクレジットカード番号をお伺いすることは一切ございません。",
      "We will never ask for your card number.",
      "Please do not tell me your card number: we never ask for it.",
    ]) {
      expect(asksForCardData(ok), ok).toBe(false);
    }
  });

  it("throws for an unknown incident", () => {
    expect(() => scriptsFor("unknown")).toThrow();
  });
});
