import { razorpayClient } from "../worker/kernel/clients/razorpay.ts";
import type { AppConfig } from "../worker/kernel/config.ts";
import { doctorIdOfAppointment } from "../worker/kernel/domain/appointment.ts";
import { retryDelaySeconds } from "../worker/kernel/lib/backoff.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";
import { RazorpayWebhookMessage } from "../worker/kernel/messages/payment-messages.ts";
import { paymentsSetup } from "../worker/kernel/payments/config.ts";
import { parseWebhookEvent, type RazorpayWebhookEvent } from "../worker/kernel/payments/webhook-events.ts";

type Outcome = "done" | "retry" | "ignored";

/**
 * Razorpay webhooks, already verified and stored by the Worker: each event is parsed with the
 * phase-1 schemas and handed to the doctor's DO of the appointment it is about (named in the
 * order's or refund's notes), which applies it at most once by its event id. Anything that cannot
 * be decided yet (Razorpay or the DO unreachable, payments switched off) is retried; the queue's
 * dead-letter queue keeps what exhausts its retries.
 */
export async function consumePayments(
  batch: MessageBatch<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
): Promise<void> {
  for (const message of batch.messages) {
    let outcome: Outcome;
    try {
      outcome = await handle(message.body, env, config, log);
    } catch (error) {
      log.warn("payment event deferred", { error });
      outcome = "retry";
    }
    if (outcome === "retry") {
      message.retry({
        delaySeconds: retryDelaySeconds(message.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS),
      });
    } else {
      message.ack();
    }
  }
}

async function handle(body: unknown, env: Env, config: AppConfig, log: Logger): Promise<Outcome> {
  const message = RazorpayWebhookMessage.safeParse(body);
  if (!message.success) {
    log.error("malformed payments queue message", { issue: message.error.issues[0]?.message });
    return "ignored";
  }
  const { eventId } = message.data;
  const parsed = parseWebhookEvent(JSON.parse(message.data.body));
  if (!parsed.ok) {
    if (parsed.reason === "invalid") log.error("invalid Razorpay event", { eventId, issues: parsed.issues });
    return "ignored";
  }
  const setup = paymentsSetup(config);
  if (setup.state !== "on") return "retry";
  const event = parsed.event;
  const appointmentId = await appointmentOf(event, razorpayClient(setup.razorpay));
  if (appointmentId === "retry") return "retry";
  const doctorId = appointmentId ? doctorIdOfAppointment(appointmentId) : null;
  if (!appointmentId || !doctorId) {
    log.warn("Razorpay event for no appointment of ours", { eventId, event: event.event });
    return "ignored";
  }
  const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
  if (event.event === "refund.processed" || event.event === "refund.failed") {
    const refund = event.payload.refund.entity;
    await stub.observeRefund(
      { receipt: refund.receipt, razorpayRefundId: refund.id, status: refund.status },
      eventId,
      event.event,
    );
    return "done";
  }
  const payment = event.payload.payment?.entity;
  if (!payment) return "ignored";
  const result = await stub.observePayment(appointmentId, payment, eventId, event.event);
  if (!result.ok) log.warn("payment event for an appointment without an order", { eventId, reason: result.reason });
  return "done";
}

const noteOf = (notes: Record<string, unknown>): string | null =>
  typeof notes.appointmentId === "string" ? notes.appointmentId : null;

/** The appointment an event is about: our notes on the refund or the order (fetched when the event lacks it). */
async function appointmentOf(
  event: RazorpayWebhookEvent,
  razorpay: ReturnType<typeof razorpayClient>,
): Promise<string | null | "retry"> {
  if (event.event === "order.paid") return noteOf(event.payload.order.entity.notes);
  if (event.event === "refund.processed" || event.event === "refund.failed") {
    const fromRefund = noteOf(event.payload.refund.entity.notes);
    if (fromRefund) return fromRefund;
  }
  const payment = event.payload.payment?.entity;
  if (!payment?.order_id) return null;
  const order = await razorpay.fetchOrder(payment.order_id);
  if (!order.ok) return order.kind === "rejected" ? null : "retry";
  return noteOf(order.value.notes);
}
