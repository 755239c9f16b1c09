/**
 * The two real breach notices Madoguchi is built for, as seed data (pure data, no I/O).
 * Sources: /work/shared/seeds/000_*.txt (Case A, notice of 2018-01-16) and
 * /work/shared/seeds/004_*.txt (Case B, final report of 2015-09-18). Facts are copied from
 * the notices; anything that is ours (English names, demo counts, reference prefixes,
 * desk settings) is marked as such.
 */

export type WeekdayKey = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** Opening hours per weekday in Asia/Tokyo, as Hotline.weeklyHours stores them (JSON). */
export type WeeklyHours = Record<WeekdayKey, [open: string, close: string][]>;

/** Values of Site.stolenItems (a JSON list). */
export type StolenItem = "name" | "email" | "phone" | "card_number" | "expiry" | "security_code";

/** One authority the company reported to; Incident.reportedTo holds a JSON list of these. */
export type ReportSeed = {
  authority: string; // Japanese name, as in the notice
  authorityEn: string;
  date: string; // YYYY-MM-DD
  noteJa?: string;
  noteEn?: string;
};

export type HotlineSeed = {
  kind: "phone" | "email";
  labelJa: string;
  labelEn: string;
  /** Phone number as printed in the notice, or the email address. */
  address: string;
  isMain: boolean;
  weeklyHours: WeeklyHours;
  /** Closed 12/29-1/3. The notices do not mention it; it is the desk's default. */
  yearEndClosure: boolean;
  /** Business minutes to answer a web/email inquiry; the schema default (480) when absent. */
  responseTargetMinutes?: number;
};

/** Dates in JST, both ends inclusive. */
export type ExposureWindowSeed = { startDate: string; endDate: string; note?: string };

export type SiteSeed = {
  slug: string;
  nameJa: string;
  nameEn: string;
  url: string | null;
  stolenItems: StolenItem[];
  windows: ExposureWindowSeed[];
  /**
   * How many synthetic customers the demo database puts on this site's affected list
   * (see app/domain/demo-data.ts). Ours, not the notice's: Case B's notice gives only the
   * total (24,308), so the split across its three sites is a synthetic choice.
   */
  demoCount: number;
  /** Prefix of synthetic order/reservation numbers, e.g. "COU-" gives "COU-04817263". Ours. */
  demoReferencePrefix: string;
};

export type IncidentSeed = {
  slug: string;
  companyJa: string;
  companyEn: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  noticeDate: string; // YYYY-MM-DD, date of the notice the desk answers from
  discoveredOn: string | null; // YYYY-MM-DD
  maxAffected: number | null;
  reportedTo: ReportSeed[];
  hotlines: HotlineSeed[];
  sites: SiteSeed[];
};

function weekdays(open: string, close: string): WeeklyHours {
  return {
    mon: [[open, close]],
    tue: [[open, close]],
    wed: [[open, close]],
    thu: [[open, close]],
    fri: [[open, close]],
    sat: [],
    sun: [],
  };
}

/** Case A: 有限会社ケイズファクトリー, C.O.U.オンラインショップ (notice of 2018-01-16). */
const couIncident: IncidentSeed = {
  slug: "cou-2017",
  companyJa: "有限会社ケイズファクトリー",
  companyEn: "K's Factory Ltd.", // our rendering; the notice has no English name
  titleJa: "C.O.U.オンラインショップへの不正アクセスによるクレジットカード情報流出",
  titleEn: "Unauthorised access to the C.O.U. Online Shop and leak of card data",
  summaryJa:
    "有限会社ケイズファクトリーが運営する「C.O.U.オンラインショップ」のウェブサーバーが外部から不正アクセスを受け、" +
    "2017年8月5日から2017年9月15日までに同ショップでクレジットカード決済をご利用になったお客様のカード情報" +
    "（氏名、カード番号、有効期限、セキュリティコード）が流出した可能性があります。対象は最大335件です。" +
    "調査会社（Payment Card Forensics株式会社）の調査により、Webアプリケーションの脆弱性を利用した外部からの攻撃によるものと判明しました。" +
    "同社は2017年9月15日にクレジットカード決済を停止し、個人情報保護委員会への報告と茨城県警察本部への被害申告を行いました。" +
    "対象のお客様には、2018年1月16日から書面を郵送してお知らせしています。",
  summaryEn:
    "The web server of the C.O.U. Online Shop, run by K's Factory Ltd., was accessed without authorisation. " +
    "Card data of customers who paid by card on the shop between 5 August and 15 September 2017 " +
    "(name, card number, expiry date and security code) may have been stolen: at most 335 records. " +
    "The forensic firm Payment Card Forensics found that the attack exploited a vulnerability in the web application. " +
    "The company stopped card payments on 15 September 2017, reported the breach to the Personal Information Protection Commission " +
    "and to the Ibaraki Prefectural Police. It has been writing to each affected customer by post since 16 January 2018.",
  noticeDate: "2018-01-16",
  discoveredOn: "2017-09-15",
  maxAffected: 335,
  reportedTo: [
    {
      authority: "個人情報保護委員会",
      authorityEn: "Personal Information Protection Commission",
      date: "2017-12-25",
      noteJa: "報告",
      noteEn: "Report",
    },
    {
      authority: "茨城県警察本部",
      authorityEn: "Ibaraki Prefectural Police Headquarters",
      date: "2017-12-28",
      noteJa: "被害申告",
      noteEn: "Damage reported",
    },
  ],
  hotlines: [
    {
      kind: "phone",
      labelJa: "お問い合わせ窓口（フリーダイヤル）",
      labelEn: "Inquiry line (toll-free)",
      address: "0120-100-734",
      isMain: true,
      weeklyHours: weekdays("12:00", "17:00"), // 平日 12:00～17:00（土日祝日を除く）
      yearEndClosure: true,
    },
  ],
  sites: [
    {
      slug: "shop",
      nameJa: "C.O.U.オンラインショップ",
      nameEn: "C.O.U. Online Shop",
      url: null, // the notice gives no address
      stolenItems: ["name", "card_number", "expiry", "security_code"],
      windows: [
        { startDate: "2017-08-05", endDate: "2017-09-15", note: "クレジットカード決済をご利用のお客様のみ (card payments only)" },
      ],
      demoCount: 335,
      demoReferencePrefix: "COU-",
    },
  ],
};

/** Case B: クーコム株式会社, three sites (final report of 2015-09-18). */
const coocomIncident: IncidentSeed = {
  slug: "coocom-2015",
  companyJa: "クーコム株式会社",
  companyEn: "Coocom Co., Ltd.", // our rendering
  titleJa: "クーコム運営サイトへの不正アクセスによるお客様情報流出の可能性",
  titleEn: "Unauthorised access to Coocom's websites and possible leak of customer data",
  summaryJa:
    "クーコム株式会社が運営するレンタカー予約サイトのウェブサーバーへの外部からの不正アクセスが判明し、調査会社（Payment Card Forensics株式会社）の継続調査の結果、" +
    "レンタカー予約サイト（2013年7月26日～2015年7月2日）、LCCツアーサイト（2015年3月20日～2015年7月17日）、" +
    "ウォーターサーバーサイト（2012年3月1日～2012年9月30日）で、それぞれの期間にクレジットカード情報を入力されたお客様の" +
    "予約情報（氏名、メールアドレス、電話番号、クレジットカード情報）が取得された可能性があることが分かりました。対象は最大24,308件です。" +
    "2015年6月29日にクレジットカード会社からの連絡で発覚し、同年7月23日に第一報、9月18日に最終報告を公表しました。" +
    "対象のお客様にはご登録のメールアドレスへお知らせし、メールをお届けできなかったお客様には、ウェブサイトでの公表をもってお知らせに代えています。",
  summaryEn:
    "Unauthorised access to the web server of Coocom's rental-car booking site was found. The forensic firm Payment Card Forensics " +
    "continued the investigation and found that booking details (name, email address, phone number and card data) of customers who entered " +
    "card data on three sites, each in its own period, may have been taken: the rental-car booking site (26 July 2013 to 2 July 2015), " +
    "the LCC tour site (20 March 2015 to 17 July 2015) and the water-server site (1 March 2012 to 30 September 2012). At most 24,308 records are affected. " +
    "A card company alerted Coocom on 29 June 2015; the company published a first report on 23 July and its final report on 18 September 2015. " +
    "Affected customers were told by email at their registered address; for those whose email could not be delivered, the notice on the website takes its place.",
  noticeDate: "2015-09-18",
  discoveredOn: "2015-06-29",
  maxAffected: 24_308,
  reportedTo: [
    {
      authority: "経済産業省",
      authorityEn: "Ministry of Economy, Trade and Industry (METI)",
      date: "2015-07-09",
      noteJa: "第一報",
      noteEn: "First report",
    },
    {
      authority: "渋谷警察署",
      authorityEn: "Shibuya Police Station",
      date: "2015-07-09",
      noteJa: "第一報",
      noteEn: "First report",
    },
    {
      authority: "渋谷警察署",
      authorityEn: "Shibuya Police Station",
      date: "2015-07-23",
      noteJa: "被害状況の届出",
      noteEn: "Damage report filed",
    },
  ],
  hotlines: [
    {
      kind: "phone",
      labelJa: "お問い合わせ窓口（電話）",
      labelEn: "Inquiry line (phone)",
      address: "03-4405-8455",
      isMain: true,
      weeklyHours: weekdays("10:00", "18:00"), // 平日の午前10時から午後6時まで（日本時間）
      yearEndClosure: true,
    },
    {
      kind: "email",
      labelJa: "お問い合わせ窓口（メール）",
      labelEn: "Inquiry email",
      address: "inquiry@coo.ne.jp",
      isMain: false,
      // Mail arrives at any time; these are the hours in which it is answered (the phone line's).
      weeklyHours: weekdays("10:00", "18:00"),
      yearEndClosure: true,
    },
  ],
  sites: [
    {
      slug: "rentacar",
      nameJa: "レンタカー予約サイト",
      nameEn: "Rental-car booking site",
      url: "https://www2.tocoo.jp/",
      stolenItems: ["name", "email", "phone", "card_number", "expiry"],
      windows: [
        {
          startDate: "2013-07-26",
          endDate: "2015-07-02",
          note: "レンタカーを予約してクレジットカード情報を入力されたお客様 (rental-car bookings with card data entered)",
        },
      ],
      demoCount: 21_000,
      demoReferencePrefix: "RC-",
    },
    {
      slug: "lcc-tour",
      nameJa: "LCCツアーサイト",
      nameEn: "LCC tour site",
      url: null,
      stolenItems: ["name", "email", "phone", "card_number", "expiry"],
      windows: [
        {
          startDate: "2015-03-20",
          endDate: "2015-07-17",
          note: "ツアーを予約してクレジットカード情報を入力されたお客様 (tour bookings with card data entered)",
        },
      ],
      demoCount: 2_808,
      demoReferencePrefix: "LT-",
    },
    {
      slug: "water-server",
      nameJa: "ウォーターサーバーサイト",
      nameEn: "Water-server site",
      url: null,
      stolenItems: ["name", "email", "phone", "card_number", "expiry"],
      windows: [
        {
          startDate: "2012-03-01",
          endDate: "2012-09-30",
          note: "ウォーターサーバーを申し込んでクレジットカード情報を入力されたお客様 (water-server orders with card data entered)",
        },
      ],
      demoCount: 500,
      demoReferencePrefix: "WS-",
    },
  ],
};

export const demoIncidents: IncidentSeed[] = [couIncident, coocomIncident];

/** Demo affected-list size per site slug of one incident, e.g. { shop: 335 }. Throws on an unknown slug. */
export function demoCountsFor(incidentSlug: string): Record<string, number> {
  const incident = demoIncidents.find((i) => i.slug === incidentSlug);
  if (!incident) throw new Error(`Unknown demo incident: ${incidentSlug}`);
  return Object.fromEntries(incident.sites.map((s) => [s.slug, s.demoCount]));
}
