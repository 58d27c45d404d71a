import { requireConfig } from "../worker/kernel/config.ts";
import { createLogger } from "../worker/kernel/lib/logger.ts";
import { consumeDeadLetters } from "./dead-letter.consumer.ts";
import { consumeNotifications } from "./notifications.consumer.ts";
import { consumePayments } from "./payments.consumer.ts";
import { consumeSor } from "./sor.consumer.ts";
import { consumeWebhooks } from "./webhooks.consumer.ts";

/** Routes a batch to its consumer by queue name (names differ per environment; suffixes do not). */
export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> {
  const config = requireConfig(env);
  const log = createLogger({ level: config.LOG_LEVEL, fields: { queue: batch.queue } });
  if (batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env, config, log);
  if (batch.queue.endsWith("-sor")) return consumeSor(batch, env, config, log);
  if (batch.queue.endsWith("-notifications")) return consumeNotifications(batch, env, config, log);
  if (batch.queue.endsWith("-payments")) return consumePayments(batch, env, config, log);
  if (batch.queue.endsWith("-webhooks")) return consumeWebhooks(batch, env, config, log);
  // An unknown queue is a deployment mistake: retry so nothing is lost while it is fixed.
  log.error("no consumer for queue", { queue: batch.queue });
  batch.retryAll({ delaySeconds: 60 });
}
