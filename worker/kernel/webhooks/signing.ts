import { Webhook } from "standardwebhooks";

/**
 * The Standard Webhooks headers for one attempt. The timestamp is the attempt's (receivers
 * refuse old ones); the id is the event's. With several secrets (a rotation overlap) each signs
 * and the signatures go space-separated in one header: a receiver with either secret verifies.
 */
export function signedHeaders(
  messageId: string,
  body: string,
  secrets: readonly string[],
  now: Date,
): Record<string, string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(messageId, now, body));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
