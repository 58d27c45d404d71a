import type { MiddlewareHandler } from "hono";
import type { Actor, ActorRole } from "../domain/appointment.ts";
import { AppError } from "../lib/errors.ts";
import { verifyCallerToken } from "../lib/tokens.ts";
import type { AppEnv } from "../types.ts";

export interface Caller extends Actor {
  role: Exclude<ActorRole, "system">;
  /** For doctors: the doctor they are. */
  doctorId?: string;
}

/** Every protected route declares who may call it. 401 without a valid token, 403 for the wrong role. */
export function requireRole(...roles: Caller["role"][]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header)?.[1];
    if (!token) throw new AppError("UNAUTHENTICATED", "A bearer token is required", { headers: authChallenge });
    const claims = await verifyCallerToken(c.get("config").AUTH_TOKEN_SECRET, token);
    if (!claims) throw new AppError("UNAUTHENTICATED", "The token is invalid or expired", { headers: authChallenge });
    if (!roles.includes(claims.role)) throw new AppError("FORBIDDEN", "This role may not call this route");
    if (claims.role === "doctor" && !claims.doctorId) throw new AppError("FORBIDDEN", "Doctor token without a doctor");
    c.set("caller", {
      role: claims.role,
      id: claims.sub,
      ...(claims.doctorId ? { doctorId: claims.doctorId } : {}),
    });
    await next();
  };
}

const authChallenge = { "WWW-Authenticate": 'Bearer realm="prescripto"' };
