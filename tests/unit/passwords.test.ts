import { describe, expect, it } from "vitest";
import {
  DEFAULT_PASSWORD_ITERATIONS,
  dummyVerify,
  hashPassword,
  isPasswordHash,
  PBKDF2_MAX_ITERATIONS,
  verifyPassword,
} from "../../worker/kernel/auth/passwords.ts";

const FORMAT = /^\$pbkdf2-sha256\$v=1\$i=(\d+)\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

describe("hashPassword", () => {
  it("writes the versioned format at the highest cost workerd allows by default", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const m = FORMAT.exec(stored);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBe(100_000);
    expect(DEFAULT_PASSWORD_ITERATIONS).toBe(PBKDF2_MAX_ITERATIONS);
  });

  it("salts every hash, so the same password never hashes the same twice", async () => {
    const [a, b] = await Promise.all([hashPassword("same password!", 10_000), hashPassword("same password!", 10_000)]);
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
  });

  it("refuses a cost above workerd's PBKDF2 limit or below a slow KDF", async () => {
    await expect(hashPassword("whatever pass", PBKDF2_MAX_ITERATIONS + 1)).rejects.toThrow(RangeError);
    await expect(hashPassword("whatever pass", 1_000)).rejects.toThrow(RangeError);
    await expect(hashPassword("whatever pass", 50_000.5)).rejects.toThrow(RangeError);
  });

  it("matches PBKDF2-HMAC-SHA256 of the password and salt (RFC 8018), so other tools can verify it", async () => {
    const stored = await hashPassword("known answer", 10_000);
    const [, , , , saltB64, hashB64] = stored.split("$");
    const salt = Buffer.from(saltB64 ?? "", "base64url");
    const { pbkdf2Sync } = await import("node:crypto");
    const expected = pbkdf2Sync("known answer", salt, 10_000, 32, "sha256").toString("base64url");
    expect(hashB64).toBe(expected);
  });
});

describe("verifyPassword", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("s3cret-passphrase", 10_000);
    expect(await verifyPassword("s3cret-passphrase", stored, 10_000)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword("s3cret-passphrasf", stored, 10_000)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword("S3cret-passphrase", stored, 10_000)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword("", stored, 10_000)).toEqual({ ok: false, needsRehash: false });
  });

  it("asks for a rehash when the stored cost is below the configured one, only after a match", async () => {
    const cheap = await hashPassword("upgrade me please", 10_000);
    expect(await verifyPassword("upgrade me please", cheap, 20_000)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword("not the password", cheap, 20_000)).toEqual({ ok: false, needsRehash: false });
  });

  it("treats a Unicode password the same in composed and decomposed form", async () => {
    const stored = await hashPassword("caf\u00e9 au lait!", 10_000);
    expect((await verifyPassword("cafe\u0301 au lait!", stored, 10_000)).ok).toBe(true);
  });

  it("throws on a stored value that is not a supported hash instead of reporting a wrong password", async () => {
    const good = await hashPassword("some password", 10_000);
    const bad = [
      "",
      "plaintext-password",
      good.replace("v=1", "v=2"),
      good.replace("pbkdf2-sha256", "pbkdf2-sha1"),
      good.replace("i=10000", "i=100001"), // above workerd's limit: refused before deriving
      good.replace("i=10000", "i=999"),
      `${good}x`,
    ];
    for (const stored of bad) {
      expect(isPasswordHash(stored)).toBe(false);
      await expect(verifyPassword("some password", stored, 10_000)).rejects.toThrow("not in a supported format");
    }
    expect(isPasswordHash(good)).toBe(true);
  });

  it("refuses a tampered hash", async () => {
    const stored = await hashPassword("tamper target", 10_000);
    const parts = stored.split("$");
    const hash = parts[5] ?? "";
    parts[5] = `${hash[0] === "A" ? "B" : "A"}${hash.slice(1)}`;
    expect((await verifyPassword("tamper target", parts.join("$"), 10_000)).ok).toBe(false);
  });
});

describe("dummyVerify", () => {
  it("does the same PBKDF2 work as a real verification (timing of an unknown email)", async () => {
    const stored = await hashPassword("timing target", 100_000);
    // Warm both paths once, then time them interleaved and keep each one's fastest run: the
    // fastest is the run least disturbed by other work on the machine, so it measures the work
    // itself (the dummy must not be a cheap shortcut), not the load of the moment.
    await verifyPassword("timing target", stored);
    await dummyVerify("timing target");
    const timed = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    let real = Number.POSITIVE_INFINITY;
    let dummy = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 7; i++) {
      real = Math.min(real, await timed(() => verifyPassword("wrong guess", stored)));
      dummy = Math.min(dummy, await timed(() => dummyVerify("wrong guess")));
    }
    expect(dummy).toBeGreaterThan(real * 0.3);
    expect(dummy).toBeLessThan(real * 3);
  });
});
