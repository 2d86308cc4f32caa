/** Formatting and parsing of dates as people in Denmark write them. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DANISH = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$/;

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * Reads a date typed as `31-12-2026`, `31.12.2026`, `31/12/2026` or `2026-12-31` and returns
 * it as `2026-12-31`. Empty text gives `null`. Text that is not a real date is returned as it
 * is, so the backend rejects it on its field.
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  if (t === "") return null;
  const iso = ISO.exec(t);
  if (iso) return t;
  const dk = DANISH.exec(t);
  if (dk) {
    const [d, m, y] = [Number(dk[1]), Number(dk[2]), Number(dk[3])];
    if (validDate(y, m, d)) return `${y}-${pad(m)}-${pad(d)}`;
  }
  return t;
}

/** `2026-12-31` → `31-12-2026`; `null` → empty text. */
export function dateToInput(iso: string | null): string {
  if (!iso) return "";
  const m = ISO.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** A calendar date for reading: `31. dec. 2026` in Danish. */
export function formatDate(iso: string | null, locale: string): string {
  if (!iso) return "";
  const m = ISO.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}

/** A moment (RFC 3339) in local time: `26. nov. 2026 14.05`. */
export function formatDateTime(rfc3339: string, locale: string, timeZone?: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone }).format(date);
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone }).format(date);
  return `${day} ${time}`;
}

/** Tags typed as one line separated by commas. */
export function parseTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/** Today as typed in the forms: `26-11-2026`. */
export function todayInput(now: Date = new Date()): string {
  return `${String(now.getDate()).padStart(2, "0")}-${String(now.getMonth() + 1).padStart(2, "0")}-${now.getFullYear()}`;
}

/** A share (0–1) as a whole percent, "42 %"; `none` when there is no share. */
export function percent(share: number | null, none: string): string {
  return share === null ? none : `${Math.round(share * 100)} %`;
}

/** An amount in øre as Danish kroner: `1.234,50`, `-28,43` (whole numbers, never floating point). */
export function kroner(ore: number): string {
  const sign = ore < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(ore));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${sign}${whole},${String(abs % 100).padStart(2, "0")}`;
}

/** Tenths of a kilometre as Danish text: `37,5`, `12`. */
export function kmText(tenths: number): string {
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.trunc(tenths / 10)},${Math.abs(tenths % 10)}`;
}

/** Minutes as hours for reading, in Danish: `1,5` for 90, `0,75` for 45, `1,33` for 80. */
export function hoursText(minutes: number): string {
  const hundredths = Math.floor((minutes * 100 + 30) / 60);
  const h = Math.floor(hundredths / 100);
  const f = hundredths % 100;
  if (f === 0) return String(h);
  if (f % 10 === 0) return `${h},${f / 10}`;
  return `${h},${String(f).padStart(2, "0")}`;
}

/** This month as the period forms show it: `01-11-2026` to `30-11-2026`. */
export function thisMonth(now: Date = new Date()): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, "0");
  const month = `${pad(now.getMonth() + 1)}-${now.getFullYear()}`;
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
  return { from: `01-${month}`, to: `${pad(last)}-${month}` };
}
