/**
 * Test data for the supervisor review (contacts table, dashboard): contacts inserted straight
 * through Prisma with exactly the fields a test needs (times given in Japan time), an incident
 * with a site and an exposure window, affected records inside and outside it, card companies and
 * waiver requests. Real rows; nothing is mocked.
 */
import { createContactIncident } from "./contact-fixtures";
import { prisma } from "~/utils/db.server";

let counter = 0;

/** '2017-09-20 10:15' (JST) → the UTC instant. */
export function jst(text: string): Date {
  const [date, time = "00:00"] = text.split(" ");
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+09:00`);
}

export type ReviewIncident = {
  id: string;
  slug: string;
  siteId: string;
  /** Affected record whose transaction is inside the window (2015-03-01 12:00 JST). */
  insideRecordId: string;
  /** Transaction after the window (2016-01-01). */
  outsideRecordId: string;
  /** No transaction date. */
  undatedRecordId: string;
};

/** An incident (phone line weekdays 10:00-18:00) with one site, window 2015-01-01..2015-06-30 (JST), three records. */
export async function createReviewIncident(): Promise<ReviewIncident> {
  const incident = await createContactIncident();
  await prisma.exposureWindow.create({ data: { siteId: incident.siteId, startDate: "2015-01-01", endDate: "2015-06-30" } });
  const record = async (transactionAt: Date | null) => {
    counter += 1;
    const row = await prisma.affectedRecord.create({
      data: {
        incidentId: incident.id,
        siteId: incident.siteId,
        nameKanji: "山田 太郎",
        cardLast4: "1111",
        transactionAt,
        rowKey: `review-${counter}-${Date.now()}`,
      },
      select: { id: true },
    });
    return row.id;
  };
  return {
    ...incident,
    insideRecordId: await record(jst("2015-03-01 12:00")),
    outsideRecordId: await record(jst("2016-01-01 12:00")),
    undatedRecordId: await record(null),
  };
}

export type ContactSeed = {
  incidentId: string;
  startedAt: Date;
  channel?: string;
  source?: string;
  status?: string;
  agentId?: string | null;
  withinHours?: boolean;
  flaggedAfterHours?: boolean;
  answeredAt?: Date | null;
  abandoned?: boolean;
  talkSeconds?: number | null;
  holdSeconds?: number | null;
  acwSeconds?: number | null;
  outcome?: string | null;
  escalatedTo?: string | null;
  identityVerified?: boolean;
  affectedRecordId?: string | null;
  callerName?: string | null;
  callerContact?: string | null;
  notes?: string | null;
  dueAt?: Date | null;
  categories?: string[];
};

export async function insertContact(seed: ContactSeed): Promise<string> {
  const { categories = [], ...fields } = seed;
  const row = await prisma.contact.create({
    data: {
      channel: "phone_in",
      withinHours: true,
      ...fields,
      categories: { create: categories.map((category) => ({ category })) },
    },
    select: { id: true },
  });
  return row.id;
}

export async function createCardCompanies(): Promise<{ a: string; b: string }> {
  counter += 1;
  const a = await prisma.cardCompany.create({
    data: { code: `a${counter}`, nameJa: "エーカード", nameEn: "A Card", position: 1 },
    select: { id: true },
  });
  const b = await prisma.cardCompany.create({
    data: { code: `b${counter}`, nameJa: "ビーカード", nameEn: "B Card", position: 2 },
    select: { id: true },
  });
  return { a: a.id, b: b.id };
}

export async function insertWaiver({
  incidentId,
  affectedRecordId,
  cardCompanyId,
  status,
}: {
  incidentId: string;
  affectedRecordId: string;
  cardCompanyId: string;
  status: string;
}): Promise<void> {
  counter += 1;
  await prisma.waiverRequest.create({
    data: {
      reference: `W-TEST-${counter}-${Date.now().toString(36)}`,
      incidentId,
      affectedRecordId,
      cardCompanyId,
      cardLast4: "1111",
      contactName: "山田 太郎",
      consentAt: new Date(),
      source: "agent",
      status,
    },
  });
}
