/**
 * A small HTTP client for the load scripts: node:http with keep-alive sockets in this process,
 * light enough that the generator does not take the CPU the app needs. Each simulated browser
 * keeps its own cookies; the CSRF token comes from the page like a browser gets it.
 */
import http from "node:http";

export type Answer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from sending to the last byte of the answer. */
  ms: number;
};

/** A status of 0 stands for "no answer": connection refused or reset, or timed out. */
export const NO_ANSWER = 0;

export class Client {
  // Idle sockets are closed after 2 s, before the server's keep-alive timeout (5 s) could close
  // one just as a request is sent on it.
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, timeout: 2000 });
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.base = new URL(baseUrl);
    if (this.base.hostname !== "127.0.0.1") throw new Error(`The load scripts only talk to 127.0.0.1, not ${this.base.hostname}`);
  }

  request({
    method = "GET",
    path,
    headers = {},
    body,
  }: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<Answer> {
    const started = performance.now();
    return new Promise((resolve) => {
      const payload = body === undefined ? undefined : Buffer.from(body);
      const req = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers: payload ? { ...headers, "Content-Length": String(payload.length) } : headers,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? NO_ANSWER,
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
              ms: performance.now() - started,
            }),
          );
          res.on("error", (error) =>
            resolve({ status: NO_ANSWER, headers: {}, body: String(error), ms: performance.now() - started }),
          );
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      // "(reused)": a kept-alive socket the server had just closed; "(new)": a fresh connection failed.
      req.on("error", (error) =>
        resolve({
          status: NO_ANSWER,
          headers: {},
          body: `${String(error)}${req.reusedSocket ? " (reused)" : " (new)"}`,
          ms: performance.now() - started,
        }),
      );
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** One simulated browser: its cookies, its CSRF token and the client address a proxy would forward. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  csrf = "";

  constructor(
    private readonly client: Client,
    /** Sent as X-Forwarded-For (the app trusts it only with TRUST_PROXY=true). */
    readonly forwardedFor?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { "Accept-Language": "ja", ...extra };
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (this.forwardedFor) headers["X-Forwarded-For"] = this.forwardedFor;
    return headers;
  }

  private keepCookies(answer: Answer) {
    for (const line of answer.headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  /** GET a page, keep its cookies and the CSRF token its forms carry. */
  async open(path: string): Promise<Answer> {
    const answer = await this.client.request({ path, headers: this.headers() });
    this.keepCookies(answer);
    const token = /name="csrf" value="([^"]+)"/.exec(answer.body)?.[1];
    if (token) this.csrf = token;
    return answer;
  }

  /** POST a form as a browser without JavaScript does (the answer's redirect is not followed). */
  async submit(path: string, fields: Record<string, string | string[]>): Promise<Answer> {
    const form = new URLSearchParams();
    form.append("csrf", this.csrf);
    for (const [key, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    const answer = await this.client.request({
      method: "POST",
      path,
      headers: this.headers({ "Content-Type": "application/x-www-form-urlencoded" }),
      body: form.toString(),
    });
    this.keepCookies(answer);
    return answer;
  }
}

/** Counts of each status, e.g. {"302": 9998, "0": 2}. */
export function statusCounts(answers: { status: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
