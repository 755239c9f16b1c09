/**
 * Reading an instant given as ISO 8601 text in an API query (?at=...). Pure.
 *
 * Accepted (extended format, the one everybody writes):
 *   2026-07-17T13:00:00Z, 2026-07-17T22:00:00+09:00, 2026-07-17T22:00+0900, 2026-07-17T22:00:00.250+09
 *   2026-07-17T22:00 (no offset: Japan time, the desk's time zone; stated in docs/api.md)
 *   2026-07-17 (a date alone: 00:00 Japan time that day)
 *   "T" may be a space; a "+" in an unencoded query string arrives as a space, so
 *   "2026-07-17T22:00:00 09:00" is read as +09:00.
 * Refused: anything else ("tomorrow", "1721221200", "2026-13-01", "2026-02-30", "24:30", years
 * outside 1900-2100). Japan has no daylight saving time, so "no offset = +09:00" is exact.
 */
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+\- ]\d{2}(?::?\d{2})?)?)?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseIsoInstant(text: string): Date | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const hours = Number(hh ?? 0);
  const minutes = Number(mi ?? 0);
  const seconds = Number(ss ?? 0);
  // 24:00 (end of day) is valid ISO 8601 but only as exactly 24:00:00.
  if (minutes > 59 || seconds > 59 || hours > 24 || (hours === 24 && (minutes > 0 || seconds > 0 || Number(frac ?? 0) > 0)))
    return null;
  const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let offsetMinutes = 9 * 60; // no offset: Asia/Tokyo
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  } else if (zone) {
    offsetMinutes = 0;
  }
  const ms = Date.UTC(year, month - 1, day, hours, minutes, seconds, millis) - offsetMinutes * 60_000;
  return Number.isFinite(ms) ? new Date(ms) : null;
}
