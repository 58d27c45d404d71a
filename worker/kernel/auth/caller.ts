import type { Actor, ActorRole } from "../domain/appointment.ts";
import type { ApiKeyScope } from "../domain/clinic.ts";

/** Who is calling, as the auth middleware identified them. */
export interface Caller extends Actor {
  role: Exclude<ActorRole, "system">;
  /** For doctors: the doctor they are. */
  doctorId?: string;
  /** For clinics (API keys): the clinic they act for. */
  clinicId?: string;
  /** For access tokens: the session (refresh-token family) the token belongs to. */
  sessionId?: string;
  /** For clinics: the API key used. */
  apiKeyId?: string;
  /** For clinics: what the key may do (see assertScope). */
  scopes?: ApiKeyScope[];
  /** For clinics: the key's own quota ("<count>/<window>"), when it has one. */
  rateLimit?: string;
}
