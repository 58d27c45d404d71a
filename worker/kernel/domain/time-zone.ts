import { IANAZone } from "luxon";
import { z } from "zod";

/** An IANA zone name such as `Asia/Kolkata` (fixed offsets like `+05:30` are refused: they ignore DST). */
export const IanaTimeZone = z
  .string()
  .max(64)
  .refine((tz) => !/^[+-]/.test(tz) && IANAZone.isValidZone(tz), "must be an IANA time zone");
