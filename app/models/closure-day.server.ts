/**
 * Company closure days (not national holidays): days the desk is shut for one incident or for all.
 * The business-hours calendar reads them through loadHoursConfig (hours.server.ts).
 */
import { redactFreeText } from "~/domain/redact";
import { prisma } from "~/utils/db.server";

export function listClosureDays() {
  return prisma.closureDay.findMany({
    orderBy: [{ date: "desc" }, { id: "asc" }],
    select: { id: true, date: true, reason: true, incident: { select: { slug: true, titleJa: true, titleEn: true } } },
  });
}

/**
 * Adds a closure day. Refused when the same day is already closed for the same scope, or for all
 * incidents (a per-incident day would change nothing). The database's unique key treats two
 * "all incidents" rows (incidentId NULL) as different, so the check is made here.
 */
export async function createClosureDay({
  date,
  reason,
  incidentId,
}: {
  date: string;
  reason: string;
  incidentId: string | null;
}): Promise<{ ok: true; id: string } | { ok: false; error: "duplicate" | "coveredByAll" | "unknownIncident" }> {
  if (incidentId && !(await prisma.incident.findUnique({ where: { id: incidentId }, select: { id: true } }))) {
    return { ok: false, error: "unknownIncident" };
  }
  const existing = await prisma.closureDay.findMany({
    where: { date, OR: [{ incidentId: null }, ...(incidentId ? [{ incidentId }] : [])] },
    select: { incidentId: true },
  });
  if (existing.some((c) => c.incidentId === incidentId)) return { ok: false, error: "duplicate" };
  if (existing.some((c) => c.incidentId === null)) return { ok: false, error: "coveredByAll" };
  try {
    // The reason is free text: redacted like every other before it is stored.
    const created = await prisma.closureDay.create({
      data: { date, reason: redactFreeText(reason).text, incidentId },
      select: { id: true },
    });
    return { ok: true, id: created.id };
  } catch (error) {
    if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002")
      return { ok: false, error: "duplicate" };
    throw error;
  }
}

export async function deleteClosureDay({ id }: { id: string }) {
  const day = await prisma.closureDay.findUnique({ where: { id }, select: { id: true, date: true, incidentId: true } });
  if (!day) return null;
  await prisma.closureDay.delete({ where: { id }, select: { id: true } });
  return day;
}
