/** The figures on the staff home pages for the current incident. */
import { prisma } from "~/utils/db.server";
import { getHotlineStatus } from "./hours.server";
import type { HotlineStatus } from "./hours.server";

export type IncidentOverview = {
  slug: string;
  titleJa: string;
  titleEn: string;
  affectedRecords: number;
  contactsToday: number;
  phone: (HotlineStatus & { address: string }) | null;
};

export async function getIncidentOverview({ slug, now = new Date() }: { slug: string; now?: Date }): Promise<IncidentOverview | null> {
  const incident = await prisma.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      titleJa: true,
      titleEn: true,
      hotlines: { where: { kind: "phone" }, orderBy: { isMain: "desc" }, take: 1, select: { address: true, weeklyHours: true, yearEndClosure: true } },
    },
  });
  if (!incident) return null;
  // "Today" is the calendar day in Japan: midnight JST is 15:00 UTC the day before.
  const jst = new Date(now.getTime() + 9 * 3600_000);
  const startOfDay = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate()) - 9 * 3600_000);
  const [affectedRecords, contactsToday] = await Promise.all([
    prisma.affectedRecord.count({ where: { incidentId: incident.id } }),
    prisma.contact.count({ where: { incidentId: incident.id, startedAt: { gte: startOfDay } } }),
  ]);
  const hotline = incident.hotlines[0];
  return {
    slug: incident.slug,
    titleJa: incident.titleJa,
    titleEn: incident.titleEn,
    affectedRecords,
    contactsToday,
    phone: hotline ? { address: hotline.address, ...(await getHotlineStatus({ hotline, incidentId: incident.id, at: now })) } : null,
  };
}
