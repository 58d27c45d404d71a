import { z } from "zod";
import { isWellFormedText } from "../domain/text.ts";

/**
 * What a new password and an email must look like, as zod schemas for request bodies.
 *
 * The common-password list is the one zxcvbn-ts ships (`@zxcvbn-ts/language-common`, ~49k
 * passwords from leaked-password frequency lists, all lowercase). Decompressing it costs tens of
 * milliseconds, so it is loaded with a dynamic import on the first check in an isolate rather than
 * at start-up (the bundler keeps it lazy), and only the entries long enough to pass the length rule
 * are kept. Because of that the `Password` check is asynchronous: parse with `parseAsync` /
 * `safeParseAsync` (the project's `validate()` middleware already does).
 */
const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
const EMAIL_MAX_LENGTH = 254;

export const PASSWORD_TOO_COMMON = "is one of the most common passwords; choose another";
export const PASSWORD_IS_PERSONAL = "must not be your email address or name";

/** A new password: length bounds (oversized input is refused before any hashing) and not a common one. */
export const Password = z
  .string({ error: "is required" })
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
  // Hashed as UTF-8: a lone surrogate would silently become U+FFFD (another password).
  .refine(isWellFormedText, "must be valid Unicode text (no lone surrogates)")
  .refine(async (password) => !(await isCommonPassword(password)), PASSWORD_TOO_COMMON);

/** An email address, normalized (trimmed, lowercased) so it can be the unique key of an account. */
export const Email = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .pipe(
    z
      .email({ error: "must be an email address" })
      .max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`),
  );

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * For an object schema holding a password next to the account's email and/or name: refuses a
 * password that is (ignoring case and spaces) the email, its local part or the name.
 *   z.object({ email: Email, name: Name, password: Password }).superRefine(refusePersonalPassword())
 */
export function refusePersonalPassword<T extends { password: string; email?: string | null; name?: string | null }>(
  passwordField = "password",
) {
  return (value: T, ctx: z.RefinementCtx) => {
    if (isPersonalPassword(value.password, { email: value.email, name: value.name })) {
      ctx.addIssue({ code: "custom", path: [passwordField], message: PASSWORD_IS_PERSONAL });
    }
  };
}

export function isPersonalPassword(password: string, who: { email?: string | null; name?: string | null }): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, "");
  const candidate = squash(password);
  const email = who.email ? squash(who.email) : "";
  const personal = [email, email.split("@")[0] ?? "", who.name ? squash(who.name) : ""];
  return personal.some((p) => p.length > 0 && p === candidate);
}

export async function isCommonPassword(password: string): Promise<boolean> {
  return (await commonPasswords()).has(password.toLowerCase());
}

let loading: Promise<ReadonlySet<string>> | undefined;

function commonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set(dictionary["passwords-common"].filter((p) => p.length >= PASSWORD_MIN_LENGTH)),
    (error: unknown) => {
      loading = undefined; // a failed load is retried by the next check, not cached
      throw error;
    },
  );
  return loading;
}
