/**
 * API tokens for IVR/CTI integrations (docs/api.md).
 *
 * - A token is `mdg_` + 43 URL-safe characters (256 random bits). It is shown once, when created;
 *   the database keeps only its SHA-256 (ApiToken.tokenHash) and the first 12 characters
 *   (tokenPrefix), so lists can show which token is which and a stolen database copy is useless.
 * - Scopes: a subset of lookups, calls, contacts. Revoked tokens stop working at once.
 * - requireApiToken answers 401 (missing, unknown or revoked token) and 403 (token without the
 *   scope) as JSON, and marks the token used (lastUsedAt, at most once a minute).
 * - Creating and revoking are audited (token.create, token.revoke); use of a revoked token and
 *   use without the scope are audited too (token.rejected). Lookups made with a token are audited
 *   by the lookup itself (lookup.api, actor = the token).
 */
import { z } from "zod";
import type { AuditActor } from "~/utils/audit.server";
import { recordAudit } from "~/utils/audit.server";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";

import { API_SCOPES } from "~/domain/api-scopes";
import { redactFreeText } from "~/domain/redact";
import type { ApiScope } from "~/domain/api-scopes";

export { API_SCOPES };
export type { ApiScope };

export const TOKEN_PREFIX = "mdg_";
const PREFIX_LENGTH = 12;
const LAST_USED_EVERY_MS = 60_000;

export const ApiTokenCreateSchema = z.strictObject({
  // Free text: card data in a name is redacted (idempotent, so parsing twice changes nothing).
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .transform((name) => redactFreeText(name).text),
  scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length),
});

/** "lookups, calls" / ["lookups","calls"] → a sorted, de-duplicated scope list, or null when any entry is unknown. */
export function parseScopes(input: string | readonly string[]): ApiScope[] | null {
  const parts = (typeof input === "string" ? input.split(",") : [...input]).map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0 || !parts.every((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s))) return null;
  return API_SCOPES.filter((s) => parts.includes(s));
}

function scopesOf(stored: string): ApiScope[] {
  return parseScopes(stored) ?? [];
}

export type ApiTokenSummary = {
  id: string;
  name: string;
  tokenPrefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/**
 * Creates a token and returns its secret: the only time it is ever available. `actor` is the admin
 * (or the CLI) for the audit entry.
 */
export async function createApiToken({
  name,
  scopes,
  createdById,
  actor,
  request,
}: {
  name: string;
  scopes: readonly ApiScope[];
  createdById: string | null;
  actor: AuditActor;
  request?: Request;
}): Promise<{ id: string; name: string; token: string; tokenPrefix: string; scopes: ApiScope[] }> {
  const parsed = ApiTokenCreateSchema.parse({ name, scopes: [...scopes] });
  const normalisedScopes = API_SCOPES.filter((s) => parsed.scopes.includes(s));
  const token = TOKEN_PREFIX + randomToken(32);
  const tokenPrefix = token.slice(0, PREFIX_LENGTH);
  const created = await prisma.apiToken.create({
    data: { name: parsed.name, tokenHash: sha256Hex(token), tokenPrefix, scopes: normalisedScopes.join(","), createdById },
    select: { id: true },
  });
  await recordAudit({
    actor,
    action: "token.create",
    entityType: "api_token",
    entityId: created.id,
    request,
    details: { name: parsed.name, scopes: normalisedScopes, tokenPrefix },
  });
  return { id: created.id, name: parsed.name, token, tokenPrefix, scopes: normalisedScopes };
}

export async function listApiTokens(): Promise<ApiTokenSummary[]> {
  const rows = await prisma.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      tokenPrefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { email: true } },
    },
  });
  return rows.map(({ createdBy, scopes, ...r }) => ({ ...r, scopes: scopesOf(scopes), createdBy: createdBy?.email ?? null }));
}

/** Revokes a token (idempotent). Returns false when there is no such token. */
export async function revokeApiToken({ id, actor, request }: { id: string; actor: AuditActor; request?: Request }): Promise<boolean> {
  const token = await prisma.apiToken.findUnique({ where: { id }, select: { id: true, name: true, tokenPrefix: true, revokedAt: true } });
  if (!token) return false;
  if (token.revokedAt) return true;
  await prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  await recordAudit({
    actor,
    action: "token.revoke",
    entityType: "api_token",
    entityId: id,
    request,
    details: { name: token.name, tokenPrefix: token.tokenPrefix },
  });
  return true;
}

export type ApiCaller = { id: string; name: string; scopes: ApiScope[]; actor: AuditActor };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** The bearer token of a request, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("Authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * The integration calling, or a thrown JSON Response: 401 `{"error":"unauthorized"}` for a
 * missing, unknown or revoked token (with WWW-Authenticate), 403 `{"error":"insufficient_scope"}`
 * for a token without `scope`.
 */
export async function requireApiToken(request: Request, scope: ApiScope): Promise<ApiCaller> {
  const secret = bearerToken(request);
  const unauthorized = () => json(401, { error: "unauthorized" }, { "WWW-Authenticate": 'Bearer realm="madoguchi"' });
  if (!secret || secret.length > 200) throw unauthorized();
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: sha256Hex(secret) },
    select: { id: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true },
  });
  if (!token) throw unauthorized();
  const actor: AuditActor = { type: "token", id: token.id, label: token.name };
  if (token.revokedAt) {
    await recordAudit({ actor, action: "token.rejected", entityType: "api_token", entityId: token.id, request, details: { reason: "revoked", scope } });
    throw unauthorized();
  }
  const scopes = scopesOf(token.scopes);
  if (!scopes.includes(scope)) {
    await recordAudit({ actor, action: "token.rejected", entityType: "api_token", entityId: token.id, request, details: { reason: "scope", scope } });
    throw json(403, { error: "insufficient_scope", scope }, { "WWW-Authenticate": `Bearer realm="madoguchi", error="insufficient_scope", scope="${scope}"` });
  }
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    await prisma.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_EVERY_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: token.id, name: token.name, scopes, actor };
}
