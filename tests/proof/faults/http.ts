/**
 * A browser without JavaScript for the fault scripts: keeps its cookies, takes the CSRF token from
 * the pages it opens, posts forms (url-encoded or multipart) and never follows redirects. Every
 * request has a time limit, and "no answer" (refused, reset, timed out) is an answer with status 0.
 * Only 127.0.0.1.
 */
import { openAsBlob } from "node:fs";
import path from "node:path";

export type Answer = { status: number; body: string; location: string | null; ms: number; error?: string };

export const NO_ANSWER = 0;

export class Browser {
  private readonly cookies = new Map<string, string>();
  csrf = "";

  constructor(
    readonly baseUrl: string,
    private readonly language: "ja" | "en" = "ja",
    private readonly timeoutMs = 30_000,
  ) {
    if (new URL(baseUrl).hostname !== "127.0.0.1") throw new Error(`The fault scripts only talk to 127.0.0.1, not ${baseUrl}`);
  }

  private async send(
    method: string,
    target: string,
    body?: BodyInit,
    contentType?: string,
    timeoutMs = this.timeoutMs,
  ): Promise<Answer> {
    const headers: Record<string, string> = { "Accept-Language": this.language };
    if (contentType) headers["Content-Type"] = contentType;
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const started = performance.now();
    try {
      const res = await fetch(new URL(target, this.baseUrl), {
        method,
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const eq = pair!.indexOf("=");
        if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
      const text = await res.text();
      const token = /name="csrf" value="([^"]+)"/.exec(text)?.[1];
      if (token) this.csrf = token;
      return { status: res.status, body: text, location: res.headers.get("location"), ms: performance.now() - started };
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      return { status: NO_ANSWER, body: "", location: null, ms: performance.now() - started, error: cause };
    }
  }

  get(target: string, timeoutMs?: number): Promise<Answer> {
    return this.send("GET", target, undefined, undefined, timeoutMs);
  }

  /** Posts a form with the CSRF token first, as the app's forms have it. */
  post(target: string, fields: Record<string, string | string[]>, timeoutMs?: number): Promise<Answer> {
    const form = new URLSearchParams();
    form.append("csrf", this.csrf);
    for (const [key, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    return this.send("POST", target, form.toString(), "application/x-www-form-urlencoded", timeoutMs);
  }

  /** A multipart form with one file, streamed from disk (the CSRF field comes first). */
  async postFile(
    target: string,
    fields: Record<string, string>,
    fileField: string,
    file: string,
    timeoutMs?: number,
  ): Promise<Answer> {
    const form = new FormData();
    form.append("csrf", this.csrf);
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append(fileField, await openAsBlob(file, { type: "text/csv" }), path.basename(file));
    return this.send("POST", target, form, undefined, timeoutMs);
  }

  /** Logs in through the login form; true when the app answered with the redirect to the staff pages. */
  async login(email: string, password: string): Promise<boolean> {
    await this.get("/login");
    const answer = await this.post("/login", { email, password, redirectTo: "" });
    return answer.status === 302 && this.cookies.size > 0 && answer.location !== null && !answer.location.startsWith("/login");
  }
}

export const SUPERVISOR = { email: "supervisor@example.jp", password: "madoguchi-supervisor" };
export const AGENT = { email: "agent@example.jp", password: "madoguchi-agent" };
