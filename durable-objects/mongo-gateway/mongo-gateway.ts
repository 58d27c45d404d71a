import { DurableObject } from "cloudflare:workers";
import { type Db, MongoClient } from "mongodb";
import type { SorMessage } from "../../queues/messages.ts";
import { type AppConfig, requireConfig } from "../../worker/config.ts";
import { type PublicDoctor, toPublicDoctor } from "../../worker/domain/doctor.ts";
import { createLogger, type Logger } from "../../worker/lib/logger.ts";
import { collections, type DeadLetterRecord, ensureIndexes } from "./collections.ts";
import { type GatewayResult, isTransientMongoError } from "./result.ts";

const PROBE_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface DoctorListing {
  doctors: PublicDoctor[];
  specialities: string[];
}

export interface DeadLetterInput {
  queue: string;
  messageId: string;
  body: unknown;
  attempts: number;
  reason: string;
}

/**
 * Keeps a warm MongoClient so that hot paths do not pay a fresh TCP+TLS handshake per request
 * (~300 ms on Workers). The Worker spreads calls over MONGO_GATEWAY_SHARDS instances so no
 * single object becomes the bottleneck. It holds no state of its own: any shard can serve any call.
 */
export class MongoGateway extends DurableObject<Env> {
  private client: MongoClient | null = null;
  private connecting: Promise<Db> | null = null;
  private readonly config: AppConfig;
  private readonly log: Logger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = requireConfig(env);
    this.log = createLogger({ level: this.config.LOG_LEVEL, fields: { component: "mongo-gateway" } });
  }

  async ping(): Promise<GatewayResult<{ latencyMs: number }>> {
    return this.run(async (db) => {
      const started = Date.now();
      await db.command({ ping: 1 });
      return { latencyMs: Date.now() - started };
    });
  }

  async listDoctors(filter: { speciality?: string }): Promise<GatewayResult<DoctorListing>> {
    return this.run(async (db) => {
      const { doctors } = collections(db);
      const query = filter.speciality ? { speciality: filter.speciality } : {};
      const [docs, specialities] = await Promise.all([
        doctors.find(query).sort({ name: 1 }).limit(500).toArray(),
        doctors.distinct("speciality"),
      ]);
      return { doctors: docs.map(toPublicDoctor), specialities: specialities.sort() };
    });
  }

  /** Idempotent: replaying a batch (queue retries) converges to the same documents. */
  async applySorMessages(messages: SorMessage[]): Promise<GatewayResult<{ applied: number }>> {
    return this.run(async (db) => {
      const { queueProbes } = collections(db);
      const probes = messages.filter((m) => m.type === "probe");
      if (probes.length > 0) {
        const now = new Date();
        await queueProbes.bulkWrite(
          probes.map((p) => ({
            updateOne: {
              filter: { _id: p.probeId },
              update: { $setOnInsert: { sentAt: new Date(p.sentAt), consumedAt: now } },
              upsert: true,
            },
          })),
          { ordered: false },
        );
        await queueProbes.deleteMany({ consumedAt: { $lt: new Date(now.getTime() - PROBE_RETENTION_MS) } });
      }
      return { applied: messages.length };
    });
  }

  async findProbe(probeId: string): Promise<GatewayResult<{ consumedAt: string } | null>> {
    return this.run(async (db) => {
      const probe = await collections(db).queueProbes.findOne({ _id: probeId });
      return probe ? { consumedAt: probe.consumedAt.toISOString() } : null;
    });
  }

  async recordDeadLetters(entries: DeadLetterInput[]): Promise<GatewayResult<{ recorded: number }>> {
    return this.run(async (db) => {
      const { deadLetters } = collections(db);
      const now = new Date();
      await deadLetters.bulkWrite(
        entries.map((e) => {
          const doc: DeadLetterRecord = {
            _id: `${e.queue}:${e.messageId}`,
            queue: e.queue,
            messageId: e.messageId,
            body: e.body,
            attempts: e.attempts,
            reason: e.reason,
            recordedAt: now,
            redrivenAt: null,
          };
          return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
        }),
        { ordered: false },
      );
      return { recorded: entries.length };
    });
  }

  private async run<T>(work: (db: Db) => Promise<T>): Promise<GatewayResult<T>> {
    try {
      return { ok: true, value: await work(await this.db()) };
    } catch (error) {
      if (!isTransientMongoError(error)) throw error;
      this.log.warn("mongodb unavailable", { error });
      await this.reset();
      return { ok: false, reason: "unavailable", message: "MongoDB is unavailable" };
    }
  }

  private db(): Promise<Db> {
    if (!this.connecting) {
      this.connecting = (async () => {
        const client = new MongoClient(this.config.MONGODB_URI, {
          maxPoolSize: 8,
          serverSelectionTimeoutMS: 2_500,
          connectTimeoutMS: 2_500,
          socketTimeoutMS: 15_000,
          appName: "prescripto-edge",
        });
        await client.connect();
        this.client = client;
        const db = client.db(this.config.MONGODB_DB);
        await ensureIndexes(db);
        return db;
      })();
      this.connecting.catch(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async reset(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.connecting = null;
    await client?.close(true).catch(() => undefined);
  }
}
