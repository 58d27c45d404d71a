import { describe, expect, it } from "vitest";
import { MicroCache } from "../../worker/kernel/lib/micro-cache.ts";

const json = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status: 200, headers: { "Content-Type": "application/json", ...headers } });

describe("MicroCache", () => {
  it("returns a fresh, independent Response for every hit, with status and headers", async () => {
    const cache = new MicroCache();
    await cache.put("k", json('{"a":1}', { "Cache-Control": "public, max-age=10" }), 10, 1_000);
    const first = cache.get("k", 2_000);
    const second = cache.get("k", 2_000);
    expect(first).not.toBe(second);
    expect(await first?.json()).toEqual({ a: 1 });
    // Reading the first body must not consume or detach what the second one serves.
    expect(await second?.text()).toBe('{"a":1}');
    expect(second?.headers.get("Cache-Control")).toBe("public, max-age=10");
    first?.headers.set("X-Edge-Cache", "hit");
    expect(cache.get("k", 2_000)?.headers.get("X-Edge-Cache")).toBeNull();
  });

  it("keeps binary bodies byte for byte", async () => {
    const cache = new MicroCache();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x80, 0xfe]);
    await cache.put("img", new Response(bytes, { headers: { "Content-Type": "image/jpeg" } }), 10, 0);
    for (let i = 0; i < 2; i++) {
      const hit = cache.get("img", 1);
      expect(new Uint8Array(await (hit as Response).arrayBuffer())).toEqual(bytes);
    }
  });

  it("expires entries after their TTL and the stale grace", async () => {
    const cache = new MicroCache(500, 0);
    await cache.put("k", json("{}"), 5, 10_000);
    expect(cache.get("k", 14_999)).not.toBeNull();
    expect(cache.get("k", 15_000)).toBeNull();
    expect(cache.get("k", 14_999)).toBeNull();
  });

  it("after expiry hands the refresh to one caller and serves the others the stale copy meanwhile", async () => {
    const cache = new MicroCache(500, 2_000);
    await cache.put("k", json('"old"'), 5, 10_000);
    expect(cache.get("k", 15_000)).toBeNull(); // this caller refreshes
    expect(await cache.get("k", 15_001)?.text()).toBe('"old"');
    expect(await cache.get("k", 16_500)?.text()).toBe('"old"');
    await cache.put("k", json('"new"'), 5, 16_600);
    expect(await cache.get("k", 16_601)?.text()).toBe('"new"');
  });

  it("never serves a stale copy past the grace, even when the refresh never came back", async () => {
    const cache = new MicroCache(500, 2_000);
    await cache.put("k", json("{}"), 5, 10_000);
    expect(cache.get("k", 15_000)).toBeNull(); // refresh handed out, and lost
    expect(cache.get("k", 16_999)).not.toBeNull();
    expect(cache.get("k", 17_000)).toBeNull();
    expect(cache.get("k", 17_001)).toBeNull();
  });

  it("evicts the least recently used entry beyond its capacity", async () => {
    const cache = new MicroCache(2);
    await cache.put("a", json("1"), 60, 0);
    await cache.put("b", json("2"), 60, 0);
    cache.get("a", 1); // a is now the most recently used
    await cache.put("c", json("3"), 60, 2);
    expect(cache.get("b", 3)).toBeNull();
    expect(await cache.get("a", 3)?.text()).toBe("1");
    expect(await cache.get("c", 3)?.text()).toBe("3");
  });
});
