import { DurableObject } from "cloudflare:workers";
import type { Db } from "mongodb";
import { type AppConfig, requireConfig } from "../../worker/kernel/config.ts";
import type { GatewayResult } from "../../worker/kernel/lib/gateway-result.ts";
import { createLogger, type Logger } from "../../worker/kernel/lib/logger.ts";
import { MongoConnection, outageInStorage } from "./mongo-connection.ts";

/**
 * What every part of the gateway stands on: the shard's warm connection and its logger. The RPC
 * methods live in one subclass per area (gateway-*.ts), chained up to `MongoGateway`.
 */
export class MongoGatewayCore extends DurableObject<Env> {
  private readonly connection: MongoConnection;
  private readonly config: AppConfig;
  private readonly log: Logger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = requireConfig(env);
    // The shard in every line: an outage is logged once per gateway object, so say which.
    const shard = ctx.id.name ?? ctx.id.toString().slice(0, 12);
    this.log = createLogger({ level: this.config.LOG_LEVEL, fields: { component: "mongo-gateway", shard } });
    this.connection = new MongoConnection({
      config: this.config,
      log: this.log,
      waitUntil: (p) => ctx.waitUntil(p),
      outage: outageInStorage(ctx.storage.kv),
    });
  }

  async ping(): Promise<GatewayResult<{ latencyMs: number }>> {
    return this.run(async (db) => {
      const started = Date.now();
      await db.command({ ping: 1 });
      return { latencyMs: Date.now() - started };
    });
  }

  /** Every call runs through the shard's connection (see MongoConnection). */
  protected run<T>(work: (db: Db) => Promise<T>): Promise<GatewayResult<T>> {
    return this.connection.run(work);
  }

  /** For calls whose answer is only "done": the repos return nothing. */
  protected runDone(work: (db: Db) => Promise<unknown>): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await work(db);
      return true as const;
    });
  }
}
