/** Dates and times for display, always in Japan time whatever the server's time zone. */
export function formatTokyoDateTime(iso: string | Date, locale: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return formatter(`tokyo-date-time:${locale}`, () =>
    new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      month: locale === "en" ? "short" : "numeric",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    }),
  ).format(date);
}

/** A 'YYYY-MM-DD' calendar date (already in JST) for display. */
export function formatCalendarDate(ymd: string, locale: string): string {
  const [y, m, d] = ymd.split("-").map(Number);
  if (!y || !m || !d) return ymd;
  return formatter(`calendar-date:${locale}`, () =>
    new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
      timeZone: "UTC",
      year: "numeric",
      month: locale === "en" ? "short" : "long",
      day: "numeric",
    }),
  ).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Making an Intl.DateTimeFormat costs far more than using one: each kind is made once and kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** Picks the Japanese or English variant of a bilingual field. */
export function pick<T>(locale: string, ja: T, en: T): T {
  return locale === "en" ? en : ja;
}
