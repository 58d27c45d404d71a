import { describe, expect, it } from "vitest";
import type { Caller } from "../../worker/kernel/auth/caller.ts";
import { assertScope, scopesOf } from "../../worker/kernel/auth/scopes.ts";
import { ApiKeyInput, toApiKeyView } from "../../worker/kernel/domain/clinic.ts";
import { AppError, statusOf } from "../../worker/kernel/lib/errors.ts";

const clinic = (scopes?: Caller["scopes"]): Caller => ({ role: "clinic", id: "cln_x", clinicId: "cln_x", scopes });

describe("API-key scopes", () => {
  it("keys stored before scopes existed act with read, book and cancel/reschedule, not webhooks", () => {
    expect(scopesOf(undefined)).toEqual(["availability:read", "appointments:write", "appointments:manage"]);
    const legacy = { _id: "key_x", clinicId: "cln_x", name: "n", prefix: "p", hash: "h", createdAt: new Date(0) };
    expect(toApiKeyView({ ...legacy, createdBy: "adm", lastUsedAt: null, revokedAt: null }).scopes).not.toContain(
      "webhooks:manage",
    );
    expect(() => assertScope(clinic(undefined), "webhooks:manage")).toThrow(AppError);
  });

  it("refuses a clinic outside its scope with 403 INSUFFICIENT_SCOPE naming the scope; people pass", () => {
    try {
      assertScope(clinic(["availability:read"]), "appointments:manage");
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe("INSUFFICIENT_SCOPE");
      expect(statusOf("INSUFFICIENT_SCOPE")).toBe(403);
      expect((e as AppError).message).toContain("appointments:manage");
    }
    expect(() => assertScope(clinic(["appointments:manage"]), "appointments:manage")).not.toThrow();
    expect(() => assertScope({ role: "admin", id: "adm_x" }, "appointments:manage")).not.toThrow();
  });

  it("takes scopes at creation, defaulting when none are chosen", () => {
    expect(ApiKeyInput.parse(undefined).scopes).toEqual(scopesOf(undefined));
    expect(ApiKeyInput.parse({ scopes: ["webhooks:manage"] }).scopes).toEqual(["webhooks:manage"]);
    expect(ApiKeyInput.safeParse({ scopes: [] }).success).toBe(false);
    expect(ApiKeyInput.safeParse({ scopes: ["admin"] }).success).toBe(false);
  });
});
