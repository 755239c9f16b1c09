/**
 * Demo data: the two real cases from the notices, with synthetic affected
 * customers from a fixed seed (same data on every machine), card companies,
 * approved scripts and one demo account per role. Runs on first start only.
 */
import { demoSeedFor, generateAffectedCustomers, outsideCountFor, totalForInside } from "~/domain/demo-data";
import { buildAffectedRecordRow, insertAffectedRecordRows } from "~/models/affected-record.server";
import { createUser } from "~/models/user.server";
import { prisma } from "~/utils/db.server";
import { cardCompanies } from "./seed/card-companies";
import { demoIncidents } from "./seed/incidents";
import { scriptsFor } from "./seed/scripts";

/** Demo logins, printed in the README. Never used outside the demo database. */
export const DEMO_USERS = [
  { email: "admin@example.jp", name: "管理 花子", role: "admin", password: "madoguchi-admin" },
  { email: "supervisor@example.jp", name: "監督 次郎", role: "supervisor", password: "madoguchi-supervisor" },
  { email: "agent@example.jp", name: "応対 一郎", role: "agent", password: "madoguchi-agent" },
] as const;


const SEEDED_KEY = "demo.seededAt";
const BATCH = 2_000;

export async function isDemoSeeded(): Promise<boolean> {
  return (await prisma.setting.findUnique({ where: { key: SEEDED_KEY }, select: { key: true } })) !== null;
}

export async function seedDemoData({
  log = () => {},
  customersPerSite,
}: {
  log?: (line: string) => void;
  /** Override the demo counts (tests use small numbers); default: the notices' maxima. */
  customersPerSite?: number;
} = {}): Promise<{ incidents: number; affectedRecords: number }> {
  let affected = 0;
  for (const [index, company] of cardCompanies.entries()) {
    await prisma.cardCompany.upsert({
      where: { code: company.code },
      create: { ...company, position: index },
      update: { nameJa: company.nameJa, nameEn: company.nameEn, position: index },
    });
  }
  for (const seed of demoIncidents) {
    const incident = await prisma.incident.create({
      data: {
        slug: seed.slug,
        companyJa: seed.companyJa,
        companyEn: seed.companyEn,
        titleJa: seed.titleJa,
        titleEn: seed.titleEn,
        summaryJa: seed.summaryJa,
        summaryEn: seed.summaryEn,
        noticeDate: seed.noticeDate,
        discoveredOn: seed.discoveredOn ?? null,
        maxAffected: seed.maxAffected,
        reportedTo: JSON.stringify(seed.reportedTo ?? []),
        hotlines: {
          create: seed.hotlines.map((h) => ({
            kind: h.kind,
            labelJa: h.labelJa,
            labelEn: h.labelEn,
            address: h.address,
            isMain: h.isMain,
            weeklyHours: JSON.stringify(h.weeklyHours ?? {}),
            yearEndClosure: h.yearEndClosure ?? true,
          })),
        },
      },
      select: { id: true },
    });
    for (const script of scriptsFor(seed.slug)) {
      await prisma.script.create({
        data: {
          incidentId: incident.id,
          key: script.key,
          kind: script.kind,
          position: script.position,
          versions: {
            create: {
              version: 1,
              titleJa: script.titleJa,
              titleEn: script.titleEn,
              bodyJa: script.bodyJa,
              bodyEn: script.bodyEn,
              mustNotSayJa: script.mustNotSayJa ?? null,
              mustNotSayEn: script.mustNotSayEn ?? null,
              branches: script.branches ? JSON.stringify(script.branches) : null,
              status: "approved",
            },
          },
        },
      });
    }
    for (const [siteIndex, site] of seed.sites.entries()) {
      const created = await prisma.site.create({
        data: {
          incidentId: incident.id,
          slug: site.slug,
          nameJa: site.nameJa,
          nameEn: site.nameEn,
          url: site.url ?? null,
          stolenItems: JSON.stringify(site.stolenItems),
          windows: { create: site.windows.map((w) => ({ startDate: w.startDate, endDate: w.endDate, note: w.note ?? null })) },
        },
        select: { id: true },
      });
      const count = totalForInside(customersPerSite ?? site.demoCount);
      let batch: ReturnType<typeof buildAffectedRecordRow>[] = [];
      const customers = generateAffectedCustomers({
        seed: demoSeedFor(seed.slug, siteIndex),
        count,
        windows: site.windows,
        site: site.slug,
        referencePrefix: site.demoReferencePrefix,
      });
      for (const c of customers) {
        batch.push(
          buildAffectedRecordRow({
            incidentId: incident.id,
            siteId: created.id,
            input: {
              nameKanji: c.nameKanji,
              nameKana: c.nameKana,
              email: c.email,
              phone: c.phone,
              postalCode: c.postalCode,
              reference: c.reference,
              transactionAt: c.transactionAt,
              cardBrand: c.cardBrand,
              cardLast4: c.cardLast4,
            },
          }),
        );
        if (batch.length >= BATCH) {
          affected += await insertAffectedRecordRows(batch);
          batch = [];
        }
      }
      if (batch.length) affected += await insertAffectedRecordRows(batch);
      log(`  ${seed.slug}/${site.slug}: ${count} synthetic transactions, ${count - outsideCountFor(count)} inside the exposure window`);
    }
  }
  for (const user of DEMO_USERS) {
    await createUser({ ...user, mustChangePassword: false });
  }
  await prisma.setting.create({ data: { key: SEEDED_KEY, value: new Date().toISOString() } });
  return { incidents: demoIncidents.length, affectedRecords: affected };
}
