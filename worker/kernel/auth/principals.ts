import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { AppConfig } from "../config.ts";
import { isDeleted, type UserRecord } from "../domain/user.ts";
import { adminDirectory } from "./admins.ts";
import type { Principal } from "./token-pair.ts";

/** The principal a stored account signs in as; null for a deleted one or a doctor without a doctor. */
export function principalOfUser(user: UserRecord): Principal | null {
  if (isDeleted(user)) return null;
  if (user.role === "doctor") return user.doctorId ? { id: user._id, role: "doctor", doctorId: user.doctorId } : null;
  return { id: user._id, role: "patient" };
}

/**
 * The current principal of an account id, read again from its source (the configuration for
 * admins, MongoDB for everyone else), so a refresh never outlives the account it was issued to.
 */
export async function loadPrincipal(env: Env, config: AppConfig, accountId: string): Promise<Principal | null> {
  if (accountId.startsWith("adm_")) {
    const admin = (await adminDirectory(config.ADMIN_ACCOUNTS)).byId(accountId);
    return admin ? { id: admin.id, role: "admin" } : null;
  }
  const user = unwrap(await mongoGateway(env, config, accountId).findUserById(accountId));
  return user ? principalOfUser(user) : null;
}
