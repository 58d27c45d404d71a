import { requireConfig } from "../worker/kernel/config.ts";
import type { AppointmentView } from "../worker/kernel/domain/appointment.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";
import type { NotificationMessage } from "../worker/kernel/messages/notification-messages.ts";
import { changeNotification } from "../worker/kernel/notifications/kinds.ts";
import { fanOutWebhooks } from "../worker/kernel/webhooks/fan-out.ts";

/**
 * What follows once MongoDB holds appointment snapshots: the messages their changes send to
 * other parties: the emails (notifications queue) and clinics' webhooks (webhooks queue). The system-of-record consumer
 * calls this for the snapshots of one queue message before it acks that message and confirms
 * them to the doctor's DO, so a failure here retries the message and nothing is lost; the
 * notification consumer delivers once per (appointment, kind, version, recipient), so a
 * snapshot fanned out twice (a retry, an outbox re-send) still sends one email.
 *
 * Returns whether everything was handed on. One sendBatch per call: the snapshots of one queue
 * message (at most 100, about 96 KB) fit in one batch (100 messages, 256 KB).
 */
export async function fanOut(snapshots: readonly AppointmentView[], env: Env, log: Logger): Promise<boolean> {
  const notifications = snapshots.map((a) => changeNotification(a)).filter((m): m is NotificationMessage => m !== null);
  // Webhooks are deduplicated by their consumer (a succeeded delivery is not sent again).
  if (!(await fanOutWebhooks(snapshots, env, requireConfig(env), log))) return false;
  if (notifications.length === 0) return true;
  try {
    await env.NOTIFICATIONS_QUEUE.sendBatch(notifications.map((body) => ({ body })));
    return true;
  } catch (error) {
    log.warn("fan-out to the notifications queue failed; the snapshot message is retried", {
      count: notifications.length,
      error,
    });
    return false;
  }
}
