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
