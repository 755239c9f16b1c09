/** Incidents with their hotlines, sites and exposure windows. */
import { prisma } from "~/utils/db.server";

export function listActiveIncidents() {
  return prisma.incident.findMany({
    where: { active: true },
    orderBy: { noticeDate: "desc" },
    select: {
      id: true,
      slug: true,
      companyJa: true,
      companyEn: true,
      titleJa: true,
      titleEn: true,
      summaryJa: true,
      summaryEn: true,
      noticeDate: true,
      hotlines: {
        orderBy: [{ isMain: "desc" }, { kind: "desc" }],
        select: { id: true, kind: true, labelJa: true, labelEn: true, address: true, isMain: true, weeklyHours: true, yearEndClosure: true },
      },
    },
  });
}

export function findIncidentBySlug(slug: string) {
  return prisma.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      companyJa: true,
      companyEn: true,
      titleJa: true,
      titleEn: true,
      summaryJa: true,
      summaryEn: true,
      noticeDate: true,
      maxAffected: true,
      active: true,
      hotlines: {
        orderBy: [{ isMain: "desc" }, { kind: "desc" }],
        select: { id: true, kind: true, labelJa: true, labelEn: true, address: true, isMain: true, weeklyHours: true, yearEndClosure: true, responseTargetMinutes: true },
      },
      sites: {
        orderBy: { slug: "asc" },
        select: {
          id: true,
          slug: true,
          nameJa: true,
          nameEn: true,
          url: true,
          stolenItems: true,
          windows: { orderBy: { startDate: "asc" }, select: { id: true, startDate: true, endDate: true, note: true } },
        },
      },
    },
  });
}

/**
 * What the public self-check needs of an incident, and no more (it runs on every check, and under
 * a flood on every refusal): whether it is active, and its hotlines for the answer.
 */
export function findSelfCheckIncident(slug: string) {
  return prisma.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      active: true,
      hotlines: {
        orderBy: [{ isMain: "desc" }, { kind: "desc" }],
        select: { id: true, kind: true, labelJa: true, labelEn: true, address: true, weeklyHours: true, yearEndClosure: true },
      },
    },
  });
}

export function listIncidentChoices() {
  return prisma.incident.findMany({
    where: { active: true },
    orderBy: { noticeDate: "desc" },
    select: { id: true, slug: true, titleJa: true, titleEn: true },
  });
}

export function countAffectedRecords(incidentId: string) {
  return prisma.affectedRecord.count({ where: { incidentId } });
}
