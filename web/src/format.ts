// Pure display helpers for the web app. No DOM, no React: unit-tested in
// tests/unit/web-format.test.ts.

const HONORIFICS = new Set(["dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms."]);

/**
 * Formats an integer amount of paise (1/100 of the currency unit) for display
 * in Indian English, e.g. 80000 → "₹800", 80050 → "₹800.50",
 * 150000000 → "₹15,00,000". Whole amounts drop the ".00".
 */
export function formatFee(paise: number, currency: string): string {
  const amount = paise / 100;
  const fractionDigits = Number.isInteger(amount) ? 0 : 2;
  try {
    return new Intl.NumberFormat("en-IN", {
      style: "currency",
      currency,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    // Unknown/invalid ISO 4217 code: still show something readable.
    const number = new Intl.NumberFormat("en-IN", {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: 2,
    }).format(amount);
    return `${currency} ${number}`.trim();
  }
}

/**
 * Up to two uppercase initials for an avatar, ignoring a leading title:
 * "Dr. Asha Rao" → "AR", "Dr. Meera" → "M", "" → "?".
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  while (words.length > 1 && HONORIFICS.has((words[0] ?? "").toLowerCase())) {
    words.shift();
  }
  const first = words[0];
  if (!first) return "?";
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const firstChar = (word: string) => Array.from(word)[0] ?? "";
  return `${firstChar(first)}${last ? firstChar(last) : ""}`.toUpperCase();
}

/** "12 years experience", "1 year experience", "Less than 1 year experience". */
export function formatExperience(years: number): string {
  if (!Number.isFinite(years) || years < 1) return "Less than 1 year experience";
  const whole = Math.floor(years);
  return `${whole} ${whole === 1 ? "year" : "years"} experience`;
}

/** "1 doctor", "12 doctors". */
export function formatDoctorCount(count: number): string {
  return `${count} ${count === 1 ? "doctor" : "doctors"}`;
}
