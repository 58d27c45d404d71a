import { type ApiKeyScope, DEFAULT_API_KEY_SCOPES } from "../domain/clinic.ts";
import { AppError } from "../lib/errors.ts";
import type { Caller } from "./caller.ts";

/** The scopes a key acts with: a key stored before scopes existed has the defaults. */
export function scopesOf(stored: readonly ApiKeyScope[] | undefined | null): ApiKeyScope[] {
  return stored ? [...stored] : [...DEFAULT_API_KEY_SCOPES];
}

/**
 * Refuses a clinic key that lacks `scope` with 403 INSUFFICIENT_SCOPE naming it. Scopes narrow API
 * keys only: people (patients, doctors, admins) are governed by their role.
 */
export function assertScope(caller: Caller, scope: ApiKeyScope): void {
  if (caller.role !== "clinic") return;
  if (scopesOf(caller.scopes).includes(scope)) return;
  throw new AppError("INSUFFICIENT_SCOPE", `This API key lacks the scope ${scope}`, {
    fields: [{ path: "scope", message: scope }],
  });
}
