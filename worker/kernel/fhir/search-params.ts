import { AppError } from "../lib/errors.ts";

/** A half-open window of instants [geMs, ltMs); an absent side is unbounded. */
export interface Window {
  geMs?: number;
  ltMs?: number;
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

export function badParam(param: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", `Search parameter ${param}: ${message}`, {
    fields: [{ path: param, message }],
  });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const PREFIXES = ["eq", "ge", "gt", "le", "lt"] as const;
type Prefix = (typeof PREFIXES)[number];

/**
 * A FHIR date search value as the instants it covers: a date (UTC day) or a dateTime with its
 * zone, covering its stated precision (a minute, a second or a millisecond).
 */
function coveredRange(param: string, raw: string): { lo: number; hi: number } {
  const date = DATE.exec(raw);
  if (date) {
    const lo = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(lo).toISOString().slice(0, 10) !== raw) throw badParam(param, `${raw} is not a calendar date`);
    return { lo, hi: lo + 86_400_000 };
  }
  const dt = DATE_TIME.exec(raw);
  const lo = dt ? Date.parse(raw) : Number.NaN;
  if (!dt || Number.isNaN(lo)) {
    throw badParam(param, "expected YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.sss]] with Z or ±hh:mm");
  }
  const step = dt[3] ? 1 : dt[2] ? 1000 : 60_000;
  return { lo, hi: lo + step };
}

/** One date parameter (with an optional eq/ge/gt/le/lt prefix) narrowing `window`. */
export function narrowWindow(window: Window, param: string, value: string): Window {
  const prefix = (PREFIXES as readonly string[]).includes(value.slice(0, 2)) ? (value.slice(0, 2) as Prefix) : null;
  if (!prefix && /^[a-z]{2}/.test(value)) throw badParam(param, `prefix ${value.slice(0, 2)} is not supported`);
  const { lo, hi } = coveredRange(param, prefix ? value.slice(2) : value);
  const bound: Window =
    prefix === "ge"
      ? { geMs: lo }
      : prefix === "gt"
        ? { geMs: hi }
        : prefix === "lt"
          ? { ltMs: lo }
          : prefix === "le"
            ? { ltMs: hi }
            : { geMs: lo, ltMs: hi };
  return {
    ...(bound.geMs !== undefined || window.geMs !== undefined
      ? { geMs: Math.max(bound.geMs ?? -Infinity, window.geMs ?? -Infinity) }
      : {}),
    ...(bound.ltMs !== undefined || window.ltMs !== undefined
      ? { ltMs: Math.min(bound.ltMs ?? Infinity, window.ltMs ?? Infinity) }
      : {}),
  };
}

export function parseCount(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw badParam("_count", "must be a whole number from 1");
  return Math.min(Number(value), MAX_COUNT);
}

/** Comma-separated values of one parameter (FHIR's OR), each non-empty. */
export function orValues(param: string, value: string): string[] {
  const values = value.split(",");
  if (values.some((v) => v.length === 0 || v.length > 200)) throw badParam(param, "empty or overlong value");
  return values;
}

/** Repeated parameters are AND: each occurrence narrows the set of allowed values. */
export function intersect(current: Set<string> | null, next: readonly string[]): Set<string> {
  return current ? new Set(next.filter((v) => current.has(v))) : new Set(next);
}

/** Parameters every search accepts and ignores (FHIR's `_format`: we answer JSON only). */
export const IGNORED_PARAMS = new Set(["_format"]);

export function refuseUnknown(param: string, known: readonly string[]): void {
  if (IGNORED_PARAMS.has(param) || known.includes(param)) return;
  throw badParam(param, `unsupported; this search accepts ${known.join(", ")}`);
}
