/**
 * Saved views: a supervisor's named table states (filters, sort, page size, visible columns) per
 * table. Each belongs to one user; nobody else lists, applies or deletes it. The query is stored
 * in canonical form (the table definition re-writes it), so a view never holds junk parameters;
 * saving under an existing name replaces that view. Audited as view.save / view.delete (the
 * view's id, table and name; never the query, which may hold search words).
 */
import { recordAudit } from "~/utils/audit.server";
import type { AuditActor } from "~/utils/audit.server";
import { redactFreeText } from "~/domain/redact";
import { prisma } from "~/utils/db.server";

/** A user keeps at most this many views per table. */
export const MAX_SAVED_VIEWS = 50;
export const VIEW_NAME_MAX = 60;

export type SavedViewRow = { id: string; name: string; query: string; columns: string[]; createdAt: string };

function parseColumns(json: string | null): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((c): c is string => typeof c === "string") : [];
  } catch {
    return [];
  }
}

export async function listSavedViews({ userId, table }: { userId: string; table: string }): Promise<SavedViewRow[]> {
  const rows = await prisma.savedView.findMany({
    where: { userId, table },
    orderBy: { name: "asc" },
    select: { id: true, name: true, query: true, columns: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, columns: parseColumns(r.columns), createdAt: r.createdAt.toISOString() }));
}

/** The query with card data redacted from every value (a search word can be a pasted card number). */
function redactQuery(query: string): string {
  const params = new URLSearchParams(query);
  let changed = false;
  for (const [key, value] of [...params]) {
    const redacted = redactFreeText(value).text;
    if (redacted !== value) {
      params.set(key, redacted);
      changed = true;
    }
  }
  return changed ? params.toString() : query;
}

export type SaveViewResult = { ok: true; id: string; replaced: boolean } | { ok: false; reason: "tooMany" };

/**
 * Saves (or replaces, by name) a view. `query` must already be canonical (without the columns).
 * The name and the query's values are stored with card data redacted.
 */
export async function saveView({
  userId,
  table,
  name: typedName,
  query: typedQuery,
  columns,
  actor,
  request,
}: {
  userId: string;
  table: string;
  name: string;
  query: string;
  columns: readonly string[];
  actor: AuditActor;
  request?: Request;
}): Promise<SaveViewResult> {
  const name = redactFreeText(typedName).text;
  const query = redactQuery(typedQuery);
  const result = await prisma.$transaction(async (tx) => {
    const existing = await tx.savedView.findUnique({
      where: { userId_table_name: { userId, table, name } },
      select: { id: true },
    });
    if (existing) {
      await tx.savedView.update({
        where: { id: existing.id },
        data: { query, columns: JSON.stringify(columns) },
      });
      return { ok: true as const, id: existing.id, replaced: true };
    }
    if ((await tx.savedView.count({ where: { userId, table } })) >= MAX_SAVED_VIEWS)
      return { ok: false as const, reason: "tooMany" as const };
    const created = await tx.savedView.create({
      data: { userId, table, name, query, columns: JSON.stringify(columns) },
      select: { id: true },
    });
    return { ok: true as const, id: created.id, replaced: false };
  });
  if (result.ok) {
    await recordAudit({
      actor,
      action: "view.save",
      entityType: "saved_view",
      entityId: result.id,
      request,
      details: { table, name, replaced: result.replaced },
    });
  }
  return result;
}

/** Deletes one of the user's own views; false when there is no such view of theirs. */
export async function deleteSavedView({
  id,
  userId,
  actor,
  request,
}: {
  id: string;
  userId: string;
  actor: AuditActor;
  request?: Request;
}): Promise<boolean> {
  const view = await prisma.savedView.findFirst({ where: { id, userId }, select: { id: true, table: true, name: true } });
  if (!view) return false;
  await prisma.savedView.delete({ where: { id: view.id } });
  await recordAudit({
    actor,
    action: "view.delete",
    entityType: "saved_view",
    entityId: view.id,
    request,
    details: { table: view.table, name: view.name },
  });
  return true;
}
