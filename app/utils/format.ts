/** Dates and times for display, always in Japan time whatever the server's time zone. */
export function formatTokyoDateTime(iso: string | Date, locale: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: locale === "en" ? "short" : "numeric",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/** A 'YYYY-MM-DD' calendar date (already in JST) for display. */
export function formatCalendarDate(ymd: string, locale: string): string {
  const [y, m, d] = ymd.split("-").map(Number);
  if (!y || !m || !d) return ymd;
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
    timeZone: "UTC",
    year: "numeric",
    month: locale === "en" ? "short" : "long",
    day: "numeric",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Picks the Japanese or English variant of a bilingual field. */
export function pick<T>(locale: string, ja: T, en: T): T {
  return locale === "en" ? en : ja;
}
