import { BoundedMap } from "./bounded-map.ts";

/**
 * A small per-isolate cache of public responses (LRU, short TTL). On the hottest public reads it
 * answers before the Worker's router, the Cache API or Redis are touched. Same staleness contract
 * as the edge cache, plus single-flight revalidation: when an entry expires, the first request
 * that asks refreshes it and, for at most `staleGraceMs`, the requests arriving meanwhile get the
 * expired copy instead of all going to the origin at once (which showed up as latency spikes
 * every TTL under load).
 */
interface Entry {
  expires: number;
  status: number;
  headers: [string, string][];
  /**
   * Text bodies are kept as strings: a hit then allocates nothing for the body on the JS heap
   * (the runtime encodes it while writing), where an ArrayBuffer would need a copy per hit
   * because a Response takes ownership of its buffer. That copy showed up as GC in the tail.
   */
  body: string | ArrayBuffer;
  /** Set once an expired entry's refresh was handed to a request: until then it is not re-handed. */
  refreshingUntil: number;
}

export class MicroCache {
  private readonly entries: BoundedMap<string, Entry>;
  /** How long past its expiry an entry may still be served while one request refreshes it. */
  private readonly staleGraceMs: number;

  constructor(maxEntries = 500, staleGraceMs = 2_000) {
    this.entries = new BoundedMap(maxEntries);
    this.staleGraceMs = staleGraceMs;
  }

  /**
   * A fresh Response for a hit, or null: absent, expired beyond the grace, or expired and this
   * caller is the one to refresh it (the caller then goes to the origin and `put`s the result).
   */
  get(key: string, now = Date.now()): Response | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expires <= now) {
      const withinGrace = now < entry.expires + this.staleGraceMs;
      if (!withinGrace) {
        this.entries.delete(key);
        return null;
      }
      // The first caller after expiry refreshes; the others get the stale copy meanwhile. A
      // refresh that never `put`s (an error, a non-200) stops shielding the entry at the grace's end.
      if (entry.refreshingUntil <= now) {
        entry.refreshingUntil = entry.expires + this.staleGraceMs;
        return null;
      }
    }
    // Refresh recency: Map iteration order is insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    const body = typeof entry.body === "string" ? entry.body : entry.body.slice(0);
    return new Response(body, { status: entry.status, headers: entry.headers });
  }

  async put(key: string, response: Response, ttlSeconds: number, now = Date.now()): Promise<void> {
    const type = response.headers.get("Content-Type") ?? "";
    const body = /^(text\/|application\/([a-z.+-]*\+)?json)/.test(type)
      ? await response.text()
      : await response.arrayBuffer();
    this.entries.delete(key);
    this.entries.set(key, {
      expires: now + ttlSeconds * 1000,
      status: response.status,
      headers: [...response.headers.entries()],
      body,
      refreshingUntil: 0,
    });
  }
}
