/**
 * A tiny browser for the card-number proof: plain fetch with a cookie jar, the CSRF token every
 * form needs (the hidden field "csrf", equal to the madoguchi_csrf cookie), staff logins, form
 * posts (url-encoded or multipart) and JSON API calls with a bearer token. Redirects are not
 * followed: a form that saved answers 302, which is what the proof records.
 */

export type Sent = { status: number; location: string | null; body: string };

/** One client IP per public visitor: the app takes it from X-Forwarded-For (TRUST_PROXY=true). */
let ipCounter = 0;
export function nextClientIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export class Browser {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | null = null;
  /** Requests made by every browser, for the summary. */
  static requests = 0;

  constructor(
    readonly baseUrl: string,
    private ip = nextClientIp(),
  ) {}

  /** A new client IP for the next requests (public forms limit requests per IP). */
  newIp(): void {
    this.ip = nextClientIp();
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Sent> {
    Browser.requests += 1;
    const res = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), "X-Forwarded-For": this.ip, ...(init.headers ?? {}) },
    });
    this.keepCookies(res);
    return { status: res.status, location: res.headers.get("location"), body: await res.text() };
  }

  get(path: string): Promise<Sent> {
    return this.request(path);
  }

  /** The CSRF token of this browser (read once from a page's hidden field). */
  async csrf(pagePath = "/login"): Promise<string> {
    if (this.csrfToken) return this.csrfToken;
    const page = await this.get(pagePath);
    const m = /name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/.exec(page.body);
    const token = m?.[1] ?? m?.[2];
    if (!token) throw new Error(`No CSRF field on ${pagePath} (status ${page.status})`);
    this.csrfToken = token;
    return token;
  }

  /** Posts a form as a browser does (url-encoded; multipart when `files` are given), CSRF included. */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    files: Record<string, { name: string; type: string; data: Uint8Array | string }> = {},
  ): Promise<Sent> {
    const csrf = await this.csrf();
    const entries: [string, string][] = [["csrf", csrf]];
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) entries.push([k, one]);
    if (Object.keys(files).length === 0) {
      return this.request(path, {
        method: "POST",
        body: new URLSearchParams(entries).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    }
    const form = new FormData();
    for (const [k, v] of entries) form.append(k, v);
    for (const [k, f] of Object.entries(files))
      form.append(k, new Blob([typeof f.data === "string" ? f.data : new Uint8Array(f.data)], { type: f.type }), f.name);
    return this.request(path, { method: "POST", body: form });
  }

  /** Logs in on /login; throws unless the app redirects away from it. */
  async login(email: string, password: string): Promise<void> {
    const res = await this.post("/login", { email, password, redirectTo: "" });
    if (res.status !== 302 || (res.location ?? "").startsWith("/login"))
      throw new Error(`Login as ${email} failed: ${res.status}`);
  }

  /** A JSON API call with a bearer token. */
  async api(path: string, token: string, body: unknown, contentType = "application/json"): Promise<Sent> {
    return this.request(path, {
      method: "POST",
      body: typeof body === "string" ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body),
      headers: { Authorization: `Bearer ${token}`, "Content-Type": contentType },
    });
  }

  /** Saves a download (a GET that must answer 200) to `file`. */
  async download(path: string): Promise<{ status: number; bytes: Uint8Array }> {
    Browser.requests += 1;
    const res = await fetch(new URL(path, this.baseUrl), {
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), "X-Forwarded-For": this.ip },
    });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  }
}
