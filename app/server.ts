/**
 * The HTTP server: Express in front of the Remix request handler.
 * Here, and only here, live the things every response needs:
 * security headers (with a per-request CSP nonce), the client IP the app may
 * trust, a cross-site check on form posts, static files, and one structured log
 * line per request that never holds bodies, query strings, tokens or personal data.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { NextFunction, Request, Response } from "express";
import { answerDatabaseOutages, databaseErrorCode, databaseUnavailableResponse, isDatabaseUnavailable } from "./utils/db-errors.server";
import { getEnv } from "./utils/env.server";
import { CLIENT_IP_HEADER } from "./utils/request.server";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function securityHeaders(production: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        // Inline style attributes are used by the chart library; no inline <style> from users exists.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/** Overwrites the client-IP header the app reads, so a client cannot forge it. */
function clientIp(trustProxy: boolean) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
    req.headers[CLIENT_IP_HEADER] = forwarded || req.socket.remoteAddress || "unknown";
    next();
  };
}

/**
 * Defence in depth next to the CSRF token: a browser form post from another
 * site carries that site's Origin (or Sec-Fetch-Site: cross-site). API routes
 * authenticate with bearer tokens and are not subject to this check.
 */
function rejectCrossSitePosts(req: Request, res: Response, next: NextFunction) {
  if (!UNSAFE_METHODS.has(req.method) || req.path.startsWith("/api/")) return next();
  const origin = req.headers.origin;
  const fetchSite = req.headers["sec-fetch-site"];
  let crossSite = fetchSite === "cross-site";
  if (origin && origin !== "null") {
    try {
      crossSite ||= new URL(origin).host !== req.headers.host;
    } catch {
      crossSite = true;
    }
  }
  if (crossSite) {
    res.status(403).type("text/plain").send("Cross-site form posts are not accepted.");
    return;
  }
  next();
}

function requestLog(level: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.setHeader("X-Request-Id", requestId);
    res.on("finish", () => {
      if (level === "silent") return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Path only: query strings can hold search terms and names.
      process.stdout.write(
        JSON.stringify({
          time: new Date().toISOString(),
          level: "info",
          msg: "request",
          requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          bytes: Number(res.getHeader("content-length") ?? 0) || undefined,
        }) + "\n",
      );
    });
    next();
  };
}

/**
 * Resolves true once the response can take more data (at once unless its buffer is full), false
 * when the client has gone. Streamed downloads (app/utils/export.server.ts) wait on it before
 * producing the next chunk: Remix's own response writer neither waits for "drain" nor stops when
 * the client disconnects, and a loader's request.signal does not abort then either (measured with
 * @remix-run/express 2.17), so without this a slow client would make the whole export pile up in
 * memory and an abandoned one would be read to the end for nobody.
 */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (!res.writableNeedDrain) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve(!res.destroyed);
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** What app/entry.server.tsx offers server.ts besides rendering (see there). */
type EntryExtras = {
  answerSelfCheckFlood?: (headers: globalThis.Request, withBody: () => globalThis.Request) => Promise<globalThis.Response | null>;
};

/**
 * POST /check from an address flooding the self-check gets a short refusal before Remix renders
 * a whole page for it (app/utils/self-check-flood.server.tsx); every other post goes on to Remix
 * untouched, its body unread.
 */
function selfCheckFlood(answer: EntryExtras["answerSelfCheckFlood"], onOutage: (error: unknown) => void) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!answer) return next();
    const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value !== undefined) headers.set(name, value);
    }
    let bodyRead = false;
    const withBody = () => {
      bodyRead = true;
      const body = Readable.toWeb(req) as WebReadableStream<Uint8Array>;
      return new globalThis.Request(url, { method: req.method, headers, body: body as ReadableStream<Uint8Array>, duplex: "half" } as RequestInit);
    };
    let answered: globalThis.Response | null;
    try {
      answered = await answer(new globalThis.Request(url, { method: req.method, headers }), withBody);
    } catch (error) {
      // Before the body is read the page can still answer (with its own outage page if need be).
      if (!bodyRead) return next();
      if (!isDatabaseUnavailable(error)) return next(error);
      onOutage(error);
      answered = databaseUnavailableResponse();
    }
    if (!answered) return next();
    res.status(answered.status);
    answered.headers.forEach((value, name) => res.setHeader(name, value));
    res.send(Buffer.from(await answered.arrayBuffer()));
  };
}

export async function createApp() {
  const env = getEnv();
  const buildPath = env.serverBuildPath;
  if (!existsSync(buildPath)) throw new Error(`No build at ${buildPath}: run \`npm run build\` first.`);
  // A database outage answers 503 with a translated page (app/utils/db-errors.server.ts), not a 500.
  const logOutage = (error: unknown) => {
    if (env.LOG_LEVEL === "silent") return;
    process.stdout.write(
      JSON.stringify({ time: new Date().toISOString(), level: "warn", msg: "database unavailable", code: databaseErrorCode(error) }) + "\n",
    );
  };
  const build = answerDatabaseOutages((await import(pathToFileURL(buildPath).href)) as ServerBuild, logOutage);
  const extras = build.entry.module as unknown as EntryExtras;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(requestLog(env.LOG_LEVEL));
  app.use(securityHeaders(env.NODE_ENV === "production"));
  app.use(clientIp(env.TRUST_PROXY));
  app.use("/build", express.static(env.assetsDir, { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("public", { maxAge: "1h", index: false }));
  app.use(rejectCrossSitePosts);
  app.post("/check", selfCheckFlood(extras.answerSelfCheckFlood, logOutage));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string, waitForDrain: () => drained(res) }),
    }),
  );
  return app;
}

/** How long a stopping server waits for requests in progress before it exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * SIGTERM (a load balancer's rolling upgrade, `systemctl stop`) or SIGINT (Ctrl-C): stop taking
 * connections, let the requests in progress finish (at most SHUTDOWN_GRACE_MS), then exit, so no
 * one's answer or save is cut off halfway. A second signal exits at once.
 */
function stopGracefully(server: Server) {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "stopping", signal }) + "\n");
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

export async function startServer({ port = getEnv().PORT, handleSignals = false } = {}): Promise<Server> {
  const app = await createApp();
  return new Promise((resolve) => {
    const server = app.listen(port, () => {
      process.stdout.write(
        JSON.stringify({ time: new Date().toISOString(), level: "info", msg: `Madoguchi is listening on http://localhost:${port}` }) + "\n",
      );
      if (handleSignals) stopGracefully(server);
      resolve(server);
    });
  });
}

const isMain = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (isMain) {
  startServer({ handleSignals: true }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
