import { type Db, MongoClient } from "mongodb";
import type { AppConfig } from "../../worker/kernel/config.ts";
import { type GatewayResult, isTransientMongoError } from "../../worker/kernel/lib/gateway-result.ts";
import type { Logger } from "../../worker/kernel/lib/logger.ts";
import { ensureIndexes } from "./collections.ts";

/**
 * One gateway shard's MongoDB client: kept warm across calls, replaced when it fails, and closed
 * only once the calls still running on it have finished. An outage is logged once when it starts
 * and once when it ends.
 */
export class MongoConnection {
  /** The client new calls use; a failed one is retired and closed once its calls have finished. */
  private current: ClientGeneration | null = null;
  private readonly config: AppConfig;
  private readonly log: Logger;
  private readonly waitUntil: (promise: Promise<unknown>) => void;
  private readonly outage: OutageRecord;

  constructor(o: {
    config: AppConfig;
    log: Logger;
    waitUntil: (promise: Promise<unknown>) => void;
    /** Where the start of the current outage is kept; see OutageRecord. */
    outage: OutageRecord;
  }) {
    this.config = o.config;
    this.log = o.log;
    this.waitUntil = o.waitUntil;
    this.outage = o.outage;
  }

  /**
   * Every call runs here. A connection failure (refused, timed out, interrupted by the driver's
   * server monitor while MongoDB stalls, or the client closed under the call) is the answer
   * "unavailable", never an exception crossing RPC (workerd reports those as uncaught). The outage
   * is logged once when it starts and once when it ends; the client it happened on is replaced.
   */
  async run<T>(work: (db: Db) => Promise<T>): Promise<GatewayResult<T>> {
    const generation = this.generation();
    generation.inFlight += 1;
    try {
      const value = await work(await generation.db);
      this.noteAvailable();
      return { ok: true, value };
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      this.noteUnavailable(error);
      this.retire(generation);
      return { ok: false, reason: "unavailable", message: "MongoDB is unavailable" };
    } finally {
      generation.inFlight -= 1;
      if (generation.retired) this.closeWhenIdle(generation);
    }
  }

  private generation(): ClientGeneration {
    if (this.current && !this.current.retired) return this.current;
    const client = new MongoClient(this.config.MONGODB_URI, {
      maxPoolSize: 8,
      serverSelectionTimeoutMS: 2_500,
      connectTimeoutMS: 2_500,
      socketTimeoutMS: 15_000,
      appName: "prescripto-edge",
    });
    const generation: ClientGeneration = {
      client,
      db: (async () => {
        await client.connect();
        const db = client.db(this.config.MONGODB_DB);
        await ensureIndexes(db);
        return db;
      })(),
      inFlight: 0,
      retired: false,
    };
    // The calls awaiting a failed connect see its error; the next call starts a new client.
    generation.db.catch(() => this.retire(generation));
    this.current = generation;
    return generation;
  }

  /**
   * New calls get a fresh client; this one is closed only when no call is using it, because
   * closing interrupts every operation still running on it (MongoClientClosedError).
   */
  private retire(generation: ClientGeneration): void {
    generation.retired = true;
    if (this.current === generation) this.current = null;
  }

  private closeWhenIdle(generation: ClientGeneration): void {
    if (generation.inFlight > 0 || generation.closing) return;
    generation.closing = true;
    this.waitUntil(generation.client.close(true).catch(() => undefined));
  }

  private noteUnavailable(error: unknown): void {
    if (this.outage.since() !== null) {
      this.log.debug("mongodb still unavailable", { error });
      return;
    }
    this.outage.set(Date.now());
    this.log.warn("mongodb unavailable", { error });
  }

  private noteAvailable(): void {
    const since = this.outage.since();
    if (since === null) return;
    this.log.info("mongodb available again", { unavailableMs: Date.now() - since });
    this.outage.set(null);
  }
}

/**
 * When the current outage was first seen (null: MongoDB answering), so it is logged once. It must
 * outlive the object's instance: the runtime evicts an idle Durable Object after seconds, and an
 * instance that forgot the outage would warn again in the middle of it.
 */
export interface OutageRecord {
  since(): number | null;
  set(since: number | null): void;
}

/**
 * The outage's start in the object's synchronous KV storage, so it survives eviction and restarts;
 * read once per instance and mirrored in memory, since every call asks.
 */
export function outageInStorage(kv: SyncKvStorage): OutageRecord {
  const KEY = "mongo.unavailableSince";
  let mirror: number | null | undefined;
  return {
    since: () => {
      if (mirror === undefined) mirror = kv.get<number>(KEY) ?? null;
      return mirror;
    },
    set: (since) => {
      mirror = since;
      if (since === null) kv.delete(KEY);
      else kv.put(KEY, since);
    },
  };
}

interface ClientGeneration {
  client: MongoClient;
  db: Promise<Db>;
  /** Calls running on this client. */
  inFlight: number;
  retired: boolean;
  closing?: boolean;
}

/** Names of the driver's errors that mean "no usable connection" beyond isTransientMongoError's. */
const CONNECTION_FAILURES = new Set([
  // The server monitor timed out (a stalled server) and interrupted the pooled connections.
  "PoolClearedOnNetworkError",
  "MongoClientClosedError",
  "MongoServerClosedError",
  "MongoOperationTimeoutError",
]);

/** A failure to reach MongoDB, also when wrapped (a bulk write wraps the network error it met). */
function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  if (isTransientMongoError(error) || CONNECTION_FAILURES.has(error.name)) return true;
  const wrapped = (error as { errorResponse?: unknown }).errorResponse ?? error.cause;
  return isConnectionFailure(wrapped, depth + 1);
}
