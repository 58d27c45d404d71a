import { describe, expect, it, vi } from "vitest";
import {
  dummyVerify,
  hashPassword,
  PBKDF2_MAX_ITERATIONS,
  verifyPassword,
} from "../../worker/kernel/auth/passwords.ts";

// Inside workerd: the hash format and the constant-time check run on the Workers runtime's WebCrypto.
describe("passwords in workerd", () => {
  it("hashes and verifies at the Workers runtime's highest PBKDF2 iteration count", async () => {
    const stored = await hashPassword("tangerine-otter-41-lamp", PBKDF2_MAX_ITERATIONS);
    expect(stored).toContain(`$i=${PBKDF2_MAX_ITERATIONS}$`);
    expect(await verifyPassword("tangerine-otter-41-lamp", stored)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("tangerine-otter-41-lamP", stored)).ok).toBe(false);
  });

  it("an unknown email still costs one full key derivation (dummyVerify), so timing does not tell", async () => {
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    try {
      await dummyVerify("anything at all");
      expect(derive).toHaveBeenCalledTimes(1);
      expect(derive.mock.calls[0]?.[0]).toMatchObject({ name: "PBKDF2", iterations: PBKDF2_MAX_ITERATIONS });
    } finally {
      derive.mockRestore();
    }
  });

  it("refuses to hash above that cap even where local workerd would allow it", async () => {
    await expect(hashPassword("tangerine-otter-41-lamp", PBKDF2_MAX_ITERATIONS + 1)).rejects.toThrow(RangeError);
  });
});
