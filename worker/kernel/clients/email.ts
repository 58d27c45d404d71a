import type { AppConfig } from "../config.ts";

/**
 * The email provider adapter: Resend's REST API (`POST {EMAIL_API_BASE}/emails`). Chosen because
 * it is plain fetch (nothing Node-only, so it runs in workerd), takes attachments inline as
 * base64 with a content type (the .ics invite), and honours an `Idempotency-Key` header for 24
 * hours, which backs up our own once-only record. Locally `scripts/services/mail-standin.ts`
 * speaks the same API, so this exact code runs in tests.
 */
export interface EmailAttachment {
  filename: string;
  /** Text content (UTF-8); sent base64-encoded. */
  content: string;
  contentType: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: EmailAttachment[];
  /** At most 256 characters; the same key must always carry the same message. */
  idempotencyKey: string;
}

export type SendResult =
  | { ok: true; id: string | null; duplicate: boolean }
  | { ok: false; status: number; name: string; message: string };

export interface EmailSender {
  send(email: OutgoingEmail): Promise<SendResult>;
}

const TIMEOUT_MS = 10_000;

export function emailSender(
  config: Pick<AppConfig, "EMAIL_API_BASE" | "EMAIL_API_KEY" | "EMAIL_FROM">,
  fetcher: typeof fetch = fetch,
): EmailSender {
  return {
    async send(email) {
      if (!config.EMAIL_API_KEY) {
        return { ok: false, status: 0, name: "not_configured", message: "EMAIL_API_KEY is not set" };
      }
      const body = {
        from: config.EMAIL_FROM,
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
        ...(email.attachments?.length
          ? {
              attachments: email.attachments.map((a) => ({
                filename: a.filename,
                content: utf8ToBase64(a.content),
                content_type: a.contentType,
              })),
            }
          : {}),
      };
      let res: Response;
      try {
        res = await fetcher(`${config.EMAIL_API_BASE.replace(/\/$/, "")}/emails`, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${config.EMAIL_API_KEY}`,
            "Content-Type": "application/json",
            "Idempotency-Key": email.idempotencyKey,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        return { ok: false, status: 0, name: "network_error", message: String((error as Error)?.message ?? error) };
      }
      const payload = (await res.json().catch(() => null)) as { id?: string; name?: string; message?: string } | null;
      if (res.ok) return { ok: true, id: payload?.id ?? null, duplicate: false };
      // The key was already used for an email with different content: that email went out, and
      // sending this one too would be the duplicate the key exists to prevent.
      if (res.status === 409 && payload?.name === "invalid_idempotent_request") {
        return { ok: true, id: null, duplicate: true };
      }
      return {
        ok: false,
        status: res.status,
        name: payload?.name ?? "http_error",
        message: payload?.message ?? `HTTP ${res.status}`,
      };
    },
  };
}

function utf8ToBase64(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}
