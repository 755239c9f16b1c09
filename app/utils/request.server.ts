/**
 * Facts about the incoming request that the HTTP server established.
 * The Express server (app/server.ts) overwrites X-Madoguchi-Client-Ip with the
 * socket address (or the first X-Forwarded-For hop when TRUST_PROXY is set),
 * so a client cannot choose its own IP for rate limits or the audit log.
 */
export const CLIENT_IP_HEADER = "x-madoguchi-client-ip";

export function getClientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/** Only same-site relative paths, so a login link cannot send people elsewhere. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/staff"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
