import type { AppConfig } from "../config.ts";
import { AppError } from "../lib/errors.ts";
import { signingSecrets, type WebhookEndpointRecord } from "./endpoint.ts";
import { keyRing, openSecret, type SecretKeyRing, sealSecret } from "./secret-box.ts";

/** Imported once per isolate and setting: importKey and the key ids' digests are not free. */
const rings = new Map<string, Promise<SecretKeyRing>>();

function ringOf(config: Pick<AppConfig, "WEBHOOK_SECRETS_KEY">): Promise<SecretKeyRing> | null {
  const setting = config.WEBHOOK_SECRETS_KEY;
  if (!setting) return null;
  let ring = rings.get(setting);
  if (!ring) {
    ring = keyRing(setting);
    rings.set(setting, ring);
  }
  return ring;
}

/** A new secret as it is stored: sealed under the current key, bound to its endpoint. */
export async function sealForStorage(
  config: Pick<AppConfig, "WEBHOOK_SECRETS_KEY">,
  clear: string,
  endpointId: string,
): Promise<string> {
  const ring = ringOf(config);
  // Never stored in clear: without the key, endpoints cannot be created or rotated.
  if (!ring) throw new AppError("CONFIG_INVALID", "Webhook endpoints are unavailable: WEBHOOK_SECRETS_KEY is not set");
  return sealSecret(await ring, clear, endpointId);
}

/** The secrets that sign at `now`, in clear: decrypted only here, for the attempt being signed. */
export async function signingSecretsInClear(
  config: Pick<AppConfig, "WEBHOOK_SECRETS_KEY">,
  endpoint: Pick<WebhookEndpointRecord, "_id" | "secrets">,
  now: Date,
): Promise<string[]> {
  const ring = ringOf(config);
  const opened = ring ? await ring : null;
  return Promise.all(signingSecrets(endpoint, now).map((s) => openSecret(opened, s, endpoint._id)));
}
