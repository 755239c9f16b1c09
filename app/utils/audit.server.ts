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

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  entityType?: string;
  entityId?: string;
  request?: Request;
  ip?: string;
  details?: Record<string, unknown>;
};

function auditRow({ actor, action, entityType, entityId, request, ip, details }: AuditEntry) {
  return {
    actorType: actor.type,
    actorId: "id" in actor ? actor.id : null,
    actorLabel: "label" in actor ? (actor.label ?? null) : null,
    action,
    entityType: entityType ?? null,
    entityId: entityId ?? null,
    ip: ip ?? (request ? getClientIp(request) : null),
    details: details ? JSON.stringify(details) : null,
  };
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await prisma.auditLog.create({ data: auditRow(entry) });
}

/**
 * Writes audit entries inside the caller's transaction, so the change and its record are saved
 * together or not at all (a crash between the two would leave a change nobody can trace).
 */
export async function recordAuditIn(tx: Pick<typeof prisma, "auditLog">, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length > 0) await tx.auditLog.createMany({ data: entries.map(auditRow) });
}

export function userActor(user: { id: string; email: string }): AuditActor {
  return { type: "user", id: user.id, label: user.email };
}
