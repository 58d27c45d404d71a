import { describe, expect, it } from "vitest";
import { checkLinkFor, signLink, verifyLink } from "../../worker/kernel/notifications/links.ts";

const SECRET = "unit-link-secret-0123456789abcdefghij";
const claims = {
  appointmentId: "apt.doc_test.abcdefghijklmnop",
  version: 3,
  action: "cancel" as const,
  expiresAt: Date.parse("2026-04-01T09:00:00Z") / 1000,
};
const before = new Date("2026-04-01T08:00:00Z");

describe("signed appointment links", () => {
  it("verifies a link for its action before it expires", async () => {
    const token = await signLink(SECRET, claims);
    expect(await verifyLink(SECRET, token, { action: "cancel", now: before })).toEqual({ ok: true, claims });
  });

  it("refuses an expired link", async () => {
    const token = await signLink(SECRET, claims);
    const result = await verifyLink(SECRET, token, { action: "cancel", now: new Date("2026-04-01T09:00:00Z") });
    expect(result).toMatchObject({ ok: false, reason: "expired", expiresAt: claims.expiresAt });
  });

  it("refuses a link used for another action", async () => {
    const token = await signLink(SECRET, claims);
    expect(await verifyLink(SECRET, token, { action: "confirm", now: before })).toEqual({
      ok: false,
      reason: "wrong_action",
      action: "cancel",
    });
  });

  it("refuses a link whose claims were changed (a later expiry, another appointment)", async () => {
    const token = await signLink(SECRET, claims);
    const [prefix, , signature] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify([claims.appointmentId, claims.version, claims.action, claims.expiresAt + 86_400]),
    ).toString("base64url");
    expect(await verifyLink(SECRET, `${prefix}.${forged}.${signature}`, { action: "cancel", now: before })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses a tampered signature and a link signed with another secret", async () => {
    const token = await signLink(SECRET, claims);
    const flipped = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect(await verifyLink(SECRET, flipped, { action: "cancel", now: before })).toMatchObject({ ok: false });
    const other = await signLink("another-secret-0123456789abcdefghijkl", claims);
    expect(await verifyLink(SECRET, other, { action: "cancel", now: before })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("reports garbage as malformed, never throws", async () => {
    for (const token of ["", "x", "l1.a.b.c", "l1.@@@.###", "l2.e30.AAAA"]) {
      expect(await verifyLink(SECRET, token, { action: "cancel", now: before })).toEqual({
        ok: false,
        reason: "malformed",
      });
    }
  });

  it("treats a link issued for an older version of the appointment as stale", () => {
    expect(checkLinkFor(claims, { id: claims.appointmentId, version: 3 })).toEqual({ ok: true, claims });
    expect(checkLinkFor(claims, { id: claims.appointmentId, version: 4 })).toEqual({
      ok: false,
      reason: "stale",
      version: 3,
      current: 4,
    });
    expect(checkLinkFor(claims, { id: "apt.doc_test.zzzzzzzzzzzzzzzz", version: 3 })).toMatchObject({ ok: false });
  });
});
