/**
 * The audit trail: who saw and changed what, when, from where.
 * Append-only by construction: this module only ever inserts, and no other
 * module may touch the AuditLog table (a test checks the source tree for it).
 * `details` must never hold raw identifiers or card data: pass HMACs, counts, ids.
 */
import { prisma } from "./db.server";
import { getClientIp } from "./request.server";

export type AuditActor =
  | { type: "user"; id: string; label: string }
  | { type: "token"; id: string; label: string }
  | { type: "public" }
  | { type: "system"; label?: string };

export async function recordAudit({
  actor,
  action,
  entityType,
  entityId,
  request,
  ip,
  details,
}: {
  actor: AuditActor;
  action: string;
  entityType?: string;
  entityId?: string;
  request?: Request;
  ip?: string;
  details?: Record<string, unknown>;
}): Promise<void> {
  await prisma.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: "id" in actor ? actor.id : null,
      actorLabel: "label" in actor ? (actor.label ?? null) : null,
      action,
      entityType: entityType ?? null,
      entityId: entityId ?? null,
      ip: ip ?? (request ? getClientIp(request) : null),
      details: details ? JSON.stringify(details) : null,
    },
  });
}

export function userActor(user: { id: string; email: string }): AuditActor {
  return { type: "user", id: user.id, label: user.email };
}
