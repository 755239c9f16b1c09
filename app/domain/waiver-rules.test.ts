import {
  REFERENCE_ALPHABET,
  WAIVER_STATUSES,
  canTransition,
  decideLast4,
  isOpenStatus,
  manualNextStatuses,
  nextWaiverStatuses,
  normaliseWaiverReference,
  openKeyFor,
  transitionProblem,
  waiverReferenceFromBytes,
} from "./waiver-rules";

describe("status transitions", () => {
  const allowed = new Set([
    "submitted>verified",
    "submitted>rejected",
    "verified>sent",
    "verified>rejected",
    "sent>confirmed",
    "sent>rejected",
  ]);
  const pairs = WAIVER_STATUSES.flatMap((from) => WAIVER_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it("final statuses go nowhere; unknown statuses go nowhere and are not targets", () => {
    expect(nextWaiverStatuses("confirmed")).toEqual([]);
    expect(nextWaiverStatuses("rejected")).toEqual([]);
    expect(nextWaiverStatuses("bogus")).toEqual([]);
    expect(canTransition("submitted", "bogus")).toBe(false);
    expect(canTransition("submitted", "submitted")).toBe(false);
  });

  it("by hand, 'sent' is never offered (the batch to the card company sets it)", () => {
    expect(manualNextStatuses("submitted")).toEqual(["verified", "rejected"]);
    expect(manualNextStatuses("verified")).toEqual(["rejected"]);
    expect(manualNextStatuses("sent")).toEqual(["confirmed", "rejected"]);
  });

  it.each([
    ["submitted", "verified", undefined, null],
    ["submitted", "rejected", "  ", "reason-required"],
    ["submitted", "rejected", undefined, "reason-required"],
    ["submitted", "rejected", "x".repeat(501), "reason-required"],
    ["submitted", "rejected", "対象外のカードです", null],
    ["confirmed", "rejected", "遅すぎた", "not-allowed"],
    ["rejected", "verified", undefined, "not-allowed"],
    ["submitted", "confirmed", undefined, "not-allowed"],
  ] as const)("transitionProblem(%s → %s, reason %j) = %s", (from, to, reason, expected) => {
    expect(transitionProblem({ from, to, reason })).toBe(expected);
  });
});

describe("open key", () => {
  it.each(WAIVER_STATUSES)("status %s", (status) => {
    const open = status !== "confirmed" && status !== "rejected";
    expect(isOpenStatus(status)).toBe(open);
    expect(openKeyFor({ affectedRecordId: "rec1", last4: "1234", status })).toBe(open ? "rec1:1234" : null);
  });
});

describe("reference numbers", () => {
  it("has 32 characters without look-alikes (0/O, 1/I)", () => {
    expect(REFERENCE_ALPHABET).toHaveLength(32);
    expect(new Set(REFERENCE_ALPHABET).size).toBe(32);
    for (const ch of "01OI") expect(REFERENCE_ALPHABET).not.toContain(ch);
  });

  it("is W- plus 8 characters of the alphabet, every byte value mapping evenly", () => {
    const counts = new Map<string, number>();
    for (let start = 0; start < 256; start += 8) {
      const ref = waiverReferenceFromBytes(Uint8Array.from({ length: 8 }, (_, i) => start + i));
      expect(ref).toMatch(/^W-[23456789A-HJ-NP-Z]{8}$/);
      for (const ch of ref.slice(2)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
    expect(() => waiverReferenceFromBytes(new Uint8Array(7))).toThrow(RangeError);
  });

  it.each([
    ["W-ABCD2345", "W-ABCD2345"],
    ["w-abcd2345", "W-ABCD2345"],
    ["ABCD2345", "W-ABCD2345"],
    ["Ｗ－ＡＢＣＤ２３４５", "W-ABCD2345"],
    [" W ABCD 2345 ", "W-ABCD2345"],
    ["W‐ABCD‐2345", "W-ABCD2345"],
    ["WABCD2345", "W-ABCD2345"],
    ["WXYZ2345", "W-WXYZ2345"],
    ["W-ABCD234", null],
    ["W-ABCD23456", null],
    ["W-ABCD0345", null],
    ["W-ABCDI345", null],
    ["", null],
    ["<script>", null],
  ])("normaliseWaiverReference(%j) = %j", (input, expected) => {
    expect(normaliseWaiverReference(input)).toBe(expected);
  });
});

describe("decideLast4", () => {
  it.each([
    ["record has digits, none typed: taken from the record", "", "1234", { ok: true, last4: "1234" }],
    ["record has digits, same typed", "1234", "1234", { ok: true, last4: "1234" }],
    ["full-width typed", "１２３４", "1234", { ok: true, last4: "1234" }],
    ["masked form typed", "**** 1234", "1234", { ok: true, last4: "1234" }],
    ["other digits typed", "9999", "1234", { ok: false, problem: "mismatch" }],
    ["a whole card number typed", "4111111111111111", "1111", { ok: false, problem: "invalid" }],
    ["three digits typed", "123", "1234", { ok: false, problem: "invalid" }],
    ["record without digits, typed", "5678", null, { ok: true, last4: "5678" }],
    ["record without digits, nothing typed", "  ", null, { ok: false, problem: "required" }],
    ["record without digits, null typed", null, null, { ok: false, problem: "required" }],
  ] as const)("%s", (_label, given, recordLast4, expected) => {
    expect(decideLast4({ given, recordLast4 })).toEqual(expected);
  });
});
