/** Business hours of a hotline, with the company closure days that apply to it. */
import { describeWeeklyHours, isOpenAt, nextOpening, parseWeeklyHours } from "~/domain/business-hours";
import type { HoursConfig } from "~/domain/business-hours";
import { prisma } from "~/utils/db.server";

type HotlineHours = { weeklyHours: string; yearEndClosure: boolean };

export async function loadHoursConfig({ hotline, incidentId }: { hotline: HotlineHours; incidentId: string }): Promise<HoursConfig> {
  const closures = await prisma.closureDay.findMany({
    where: { OR: [{ incidentId }, { incidentId: null }] },
    select: { date: true },
  });
  return {
    weekly: parseWeeklyHours(hotline.weeklyHours),
    yearEndClosure: hotline.yearEndClosure,
    closureDays: closures.map((c) => c.date),
  };
}

export type HotlineStatus = {
  open: boolean;
  nextOpening: string | null;
  hoursJa: string;
  hoursEn: string;
};

/** Open now? If not, when next? Plus the hours in words, in both languages. */
export async function getHotlineStatus({
  hotline,
  incidentId,
  at = new Date(),
}: {
  hotline: HotlineHours;
  incidentId: string;
  at?: Date;
}): Promise<HotlineStatus> {
  const config = await loadHoursConfig({ hotline, incidentId });
  const open = isOpenAt({ instant: at, config });
  const next = open ? null : nextOpening({ instant: at, config });
  return {
    open,
    nextOpening: next ? next.toISOString() : null,
    hoursJa: describeWeeklyHours({ weekly: config.weekly, locale: "ja", yearEndClosure: config.yearEndClosure }),
    hoursEn: describeWeeklyHours({ weekly: config.weekly, locale: "en", yearEndClosure: config.yearEndClosure }),
  };
}

/**
 * The main phone line of an active incident, for the public hours API: the phone hotline marked
 * main, else the first phone hotline. `hotline` is null when the incident has no phone line;
 * the whole result is null for an unknown or inactive incident.
 */
export async function findMainPhoneHotline({ slug }: { slug: string }) {
  const incident = await prisma.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      active: true,
      hotlines: {
        where: { kind: "phone" },
        orderBy: [{ isMain: "desc" }, { id: "asc" }],
        take: 1,
        select: { id: true, weeklyHours: true, yearEndClosure: true },
      },
    },
  });
  if (!incident || !incident.active) return null;
  return { incidentId: incident.id, hotline: incident.hotlines[0] ?? null };
}
