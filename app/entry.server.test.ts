import { withoutZeroBytes } from "./entry.server";

describe("withoutZeroBytes (React 18's stray 0x00 bytes in streamed Japanese pages)", () => {
  it("returns a chunk without zero bytes as it is", () => {
    const chunk = Buffer.from("<p>窓口</p>");
    expect(withoutZeroBytes(chunk)).toBe(chunk);
  });

  it("removes every zero byte wherever it is, and nothing else", () => {
    const text = Buffer.from("<p>お問い合わせ窓口</p>");
    const withZeros = Buffer.concat([Buffer.from([0]), text.subarray(0, 5), Buffer.from([0, 0]), text.subarray(5), Buffer.from([0])]);
    expect(withoutZeroBytes(withZeros).toString("utf8")).toBe("<p>お問い合わせ窓口</p>");
    expect(withoutZeroBytes(Buffer.from([0, 0, 0])).length).toBe(0);
  });
});
