import { DateTime } from "luxon";

/** Formatting shared by the templates: times in a zone, money, escaping. Pure. */

/** "Monday 30 March 2026, 09:00–09:30 BST (Europe/London)" */
export function formatSlot(startIso: string, endIso: string, zone: string): string {
  const start = DateTime.fromISO(startIso, { zone }).setLocale("en-GB");
  const end = DateTime.fromISO(endIso, { zone }).setLocale("en-GB");
  return `${start.toFormat("cccc d LLLL yyyy, HH:mm")}–${end.toFormat("HH:mm")} ${start.offsetNameShort ?? ""} (${zone})`
    .replace(/\s+\(/, " (")
    .trim();
}

/** "₹500.00"; amounts are integer paise. */
export function formatRupees(paise: number): string {
  const rupees = Math.floor(paise / 100);
  const rest = String(paise % 100).padStart(2, "0");
  return `₹${rupees.toLocaleString("en-IN")}.${rest}`;
}

export function escapeHtml(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The first word of a name: greetings need no more of it. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}

/** "Monday 30 March 2026, 09:00 BST (Europe/London)" */
export function formatInstant(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone }).setLocale("en-GB");
  return `${t.toFormat("cccc d LLLL yyyy, HH:mm")} ${t.offsetNameShort ?? ""} (${zone})`.replace(/\s+\(/, " (");
}
