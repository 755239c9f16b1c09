/**
 * Reading the audit log for the admins' browser (/staff/audit). Read-only: entries are written
 * by app/utils/audit.server.ts (append-only) and removed only by the retention purge
 * (app/models/retention.server.ts), never here.
 *
 * Filters (app/utils/audit-table.ts) use the indexes (at), (action, at), (actorLabel, at),
 * (entityType, entityId, at) and (ip, at); "newest first" is the autoincrement id read backwards.
 */
import { auditWhere } from "~/models/export-rows.server";
import type { AuditTableState } from "~/utils/audit-table";
import { auditTable } from "~/utils/audit-table";
import { prisma } from "~/utils/db.server";

export type AuditLogRow = {
  id: number;
  at: string;
  actorType: string;
  actorLabel: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  details: string | null;
};

export async function listAuditLog({
  state,
}: {
  state: AuditTableState;
}): Promise<{ rows: AuditLogRow[]; total: number; page: number }> {
  const where = auditWhere(state.filters);
  const total = await prisma.auditLog.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / state.perPage));
  const page = Math.min(state.page, pageCount);
  const rows =
    total === 0
      ? []
      : await prisma.auditLog.findMany({
          where,
          orderBy: auditTable.orderBy(state),
          skip: (page - 1) * state.perPage,
          take: state.perPage,
          select: {
            id: true,
            at: true,
            actorType: true,
            actorLabel: true,
            actorId: true,
            action: true,
            entityType: true,
            entityId: true,
            ip: true,
            details: true,
          },
        });
  return {
    total,
    page,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorLabel: r.actorLabel ?? r.actorId,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      ip: r.ip,
      details: r.details,
    })),
  };
}
