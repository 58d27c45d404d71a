import { z } from "zod";

/**
 * Text fields, one rule for all of them. JSON can carry a lone UTF-16 surrogate ("\ud800"), which
 * no UTF-8 store can keep: it would be saved as U+FFFD while the caller was told its own value.
 * Such strings are refused, never changed. (Invalid UTF-8 bytes are refused before parsing, by
 * the HTTP layer, which sees the raw body.) Names also refuse control characters and the
 * bidirectional overrides and isolates, which can make a name display as something else.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isWellFormedText = (value: string) => !LONE_SURROGATE.test(value);
export const hasBidiControl = (value: string) => BIDI_CONTROL.test(value);

interface TextOptions {
  min?: number;
  max: number;
  /** Names: no control characters and no bidirectional controls. */
  name?: boolean;
}

/** A trimmed text field of `min`..`max` characters (messages say which bound failed). */
export function Text({ min = 0, max, name = false }: TextOptions) {
  let schema = z
    .string({ error: min > 0 ? "is required" : "must be text" })
    .refine(isWellFormedText, "must be valid Unicode text (no lone surrogates)")
    .trim();
  if (min > 0) schema = schema.min(min, min === 1 ? "is required" : `must be at least ${min} characters`);
  schema = schema.max(max, `must be at most ${max} characters`);
  if (name) {
    schema = schema
      .refine((v) => !CONTROL.test(v), "must not contain control characters")
      .refine((v) => !hasBidiControl(v), "must not contain bidirectional control characters");
  }
  return schema;
}
