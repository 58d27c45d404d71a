import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Email,
  isCommonPassword,
  isPersonalPassword,
  normalizeEmail,
  PASSWORD_IS_PERSONAL,
  PASSWORD_TOO_COMMON,
  Password,
  refusePersonalPassword,
} from "../../worker/kernel/auth/password-policy.ts";

const messages = async (schema: z.ZodType, value: unknown) => {
  const r = await schema.safeParseAsync(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
};

describe("Password", () => {
  it("accepts a long, uncommon password", async () => {
    expect(await Password.parseAsync("tangerine-otter-41-lamp")).toBe("tangerine-otter-41-lamp");
  });

  it("refuses a password shorter than 10 characters", async () => {
    expect(await messages(Password, "k9$Lm2!xq")).toEqual([":must be at least 10 characters"]);
    expect(await messages(Password, "")).toEqual([":must be at least 10 characters"]);
  });

  it("refuses an oversized password before hashing it", async () => {
    expect(await messages(Password, "x7".repeat(64))).toEqual([]);
    expect(await messages(Password, `${"x7".repeat(64)}!`)).toEqual([":must be at most 128 characters"]);
  });

  it("refuses the commonest passwords from the zxcvbn list, whatever their case", async () => {
    for (const common of ["qwertyuiop", "1234567890", "password123", "iloveyou12", "QwertyUiop"]) {
      expect(await messages(Password, common)).toEqual([`:${PASSWORD_TOO_COMMON}`]);
    }
    expect(await isCommonPassword("1q2w3e4r5t")).toBe(true);
    expect(await isCommonPassword("tangerine-otter-41-lamp")).toBe(false);
  });

  it("refuses a non-string", async () => {
    expect((await Password.safeParseAsync(1234567890)).success).toBe(false);
    expect((await Password.safeParseAsync(undefined)).success).toBe(false);
  });
});

describe("refusePersonalPassword", () => {
  const Register = z
    .object({ name: z.string(), email: Email, password: Password })
    .superRefine(refusePersonalPassword());

  it("refuses a password equal to the email, its local part or the name, ignoring case and spaces", async () => {
    const base = { name: "Priya Raghunathan", email: "priya.raghunathan@example.com" };
    for (const password of [
      "Priya.Raghunathan@Example.com",
      "priya.raghunathan",
      "PriyaRaghunathan",
      "priya raghunathan",
    ]) {
      expect(await messages(Register, { ...base, password })).toEqual([`password:${PASSWORD_IS_PERSONAL}`]);
    }
    expect(await messages(Register, { ...base, password: "tangerine-otter-41-lamp" })).toEqual([]);
  });

  it("checks against the normalized email", () => {
    expect(isPersonalPassword("someone@clinic.in", { email: "someone@clinic.in" })).toBe(true);
    expect(isPersonalPassword("anything-else", { email: "someone@clinic.in", name: null })).toBe(false);
    expect(isPersonalPassword("whatever!!", {})).toBe(false);
  });
});

describe("Email", () => {
  it("normalizes case and surrounding spaces", async () => {
    expect(await Email.parseAsync("  Asha.Rao@Example.COM ")).toBe("asha.rao@example.com");
    expect(normalizeEmail(" A@B.in ")).toBe("a@b.in");
  });

  it("refuses what is not an email address", async () => {
    for (const bad of ["", "asha", "asha@", "@example.com", "asha rao@example.com", "asha@example"]) {
      expect(await messages(Email, bad)).toEqual([":must be an email address"]);
    }
  });

  it("refuses an email longer than 254 characters", async () => {
    const long = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}.in`;
    expect(long.length).toBe(257);
    expect(await messages(Email, long)).toContain(":must be at most 254 characters");
  });
});
