import { getLocale } from "./i18n.server";

// The logged-in user's saved language comes from the database; here its lookup fails as told.
const session = vi.hoisted(() => ({ failure: null as Error | null }));
vi.mock("./session.server", () => ({
  getSessionUser: async () => {
    if (session.failure) throw session.failure;
    return null;
  },
}));

afterEach(() => {
  session.failure = null;
});

function request(headers: Record<string, string>) {
  return new Request("http://localhost/staff", { headers });
}

describe("getLocale while the database is unavailable", () => {
  it("falls back to the browser's language, so the error page can still be read", async () => {
    session.failure = Object.assign(new Error("Can't reach database server"), { code: "P1001" });
    expect(await getLocale(request({ "Accept-Language": "en-GB,en;q=0.9" }))).toBe("en");
    expect(await getLocale(request({ "Accept-Language": "ja" }))).toBe("ja");
  });

  it("does not hide other errors", async () => {
    session.failure = new TypeError("a bug");
    await expect(getLocale(request({ "Accept-Language": "en" }))).rejects.toThrow("a bug");
  });
});

describe("i18nServer.getFixedT", () => {
  it("translates in the language asked for, whichever language was asked for before", async () => {
    const { i18nServer } = await import("./i18n.server");
    const ja = await i18nServer.getFixedT("ja", "check");
    const en = await i18nServer.getFixedT("en", "check");
    const jaAgain = await i18nServer.getFixedT("ja", "check");
    expect(en("title")).not.toBe(ja("title"));
    expect(jaAgain("title")).toBe(ja("title"));
    expect(ja("title")).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(en("title")).toMatch(/^[\x20-\x7e]+$/);
  });

  it("shares one ready instance per language instead of making one per request", async () => {
    const { i18nInstance } = await import("./i18n.server");
    const [a, b, c] = await Promise.all([i18nInstance("en"), i18nInstance("en"), i18nInstance("ja")]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a.language).toBe("en");
    expect(c.language).toBe("ja");
  });
});
