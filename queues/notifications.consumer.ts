import { emailSender } from "../worker/kernel/clients/email.ts";
import { mongoGateway } from "../worker/kernel/clients/mongo-gateway.ts";
import type { AppConfig } from "../worker/kernel/config.ts";
import { retryDelaySeconds } from "../worker/kernel/lib/backoff.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";
import { NotificationMessage } from "../worker/kernel/messages/notification-messages.ts";
import { composeNotification } from "../worker/kernel/notifications/compose.ts";

/**
 * Notification consumer: renders and sends the emails for appointment changes and reminders.
 *
 * Each message is settled on its own: acked once every email in it is sent (or has nothing to
 * send), retried with backoff otherwise, so one failing message never holds back the others and
 * a provider outage only delays. A delivery is claimed in MongoDB (`notifications`, keyed by
 * appointment, kind, version and recipient) before it is sent and marked sent after; a message
 * that comes again (redelivery, retry, re-driven dead letter) skips what is marked sent, and the
 * same key goes to the provider as its Idempotency-Key for the one case our mark did not land.
 * Messages that keep failing reach the dead-letter queue after max_retries (wrangler.toml).
 */
type Outcome = "done" | "retry";

export async function consumeNotifications(
  batch: MessageBatch<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  const sender = emailSender(config, fetcher);
  const outcomes = await Promise.all(
    batch.messages.map(async (message) => {
      try {
        return await deliver(batch.queue, message, env, config, log, sender);
      } catch (error) {
        log.error("notification failed", { messageId: message.id, error });
        return "retry" as const;
      }
    }),
  );
  batch.messages.forEach((message, i) => {
    if (outcomes[i] === "done") message.ack();
    else
      message.retry({
        delaySeconds: retryDelaySeconds(message.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS),
      });
  });
}

async function deliver(
  queue: string,
  message: Message<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
  sender: ReturnType<typeof emailSender>,
): Promise<Outcome> {
  const parsed = NotificationMessage.safeParse(message.body);
  if (!parsed.success) {
    // It would fail the same way every time: keep it for inspection and let the queue move on.
    const recorded = await mongoGateway(env, config).recordDeadLetters([
      {
        queue,
        messageId: message.id,
        body: message.body,
        attempts: message.attempts,
        reason: `invalid message: ${parsed.error.issues[0]?.message ?? "schema"}`,
      },
    ]);
    log.warn("invalid notification message", { messageId: message.id, recorded: recorded.ok });
    return recorded.ok ? "done" : "retry";
  }
  const body = parsed.data;
  const a = body.appointment;
  // One shard per appointment: its deliveries' records are written by one warm connection.
  const gateway = mongoGateway(env, config, a.id);
  const context = await gateway.loadNotificationContext({
    doctorId: a.doctorId,
    patientId: a.patientId,
    appointmentId: a.id,
  });
  if (!context.ok) return "retry";
  const { doctor, patient, current } = context.value;
  // The doctor record is written before any appointment can exist; missing means not yet visible.
  if (!doctor) {
    log.warn("notification waits for its doctor record", { appointmentId: a.id });
    return "retry";
  }
  const composed = await composeNotification(
    body,
    { doctor, patient, current },
    { appBaseUrl: config.APP_BASE_URL, from: config.EMAIL_FROM, linkSecret: config.LINK_SIGNING_SECRET },
  );
  if (composed.stale) {
    log.info("stale reminder not sent", { appointmentId: a.id, kind: composed.kind, reason: composed.stale });
    return "done";
  }
  const claimed = await gateway.claimDeliveries(
    composed.deliveries.map((d) => ({
      id: d.key,
      appointmentId: a.id,
      kind: composed.kind,
      version: a.version,
      recipient: d.recipient,
    })),
  );
  if (!claimed.ok) return "retry";
  let outcome: Outcome = "done";
  for (const d of composed.deliveries) {
    const state = claimed.value[d.key];
    if (state === "sent" || state === "skipped") continue;
    if (!d.email) {
      const marked = await gateway.finishDelivery(d.key, { state: "skipped", reason: d.skip ?? "nothing to send" });
      if (!marked.ok) outcome = "retry";
      continue;
    }
    const sent = await sender.send(d.email);
    if (!sent.ok) {
      log.warn("email not accepted; will retry", {
        appointmentId: a.id,
        kind: composed.kind,
        recipient: d.recipient,
        status: sent.status,
        error: sent.name,
        attempts: message.attempts,
      });
      outcome = "retry";
      continue;
    }
    const marked = await gateway.finishDelivery(d.key, { state: "sent", providerId: sent.id });
    // Sent but not marked: the retry sends again under the same Idempotency-Key, which the
    // provider answers without a second email.
    if (!marked.ok) outcome = "retry";
  }
  return outcome;
}
