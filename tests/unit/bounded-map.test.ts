import { describe, expect, it } from "vitest";
import { BoundedMap } from "../../worker/kernel/lib/bounded-map.ts";

describe("BoundedMap", () => {
  it("forgets the oldest key when a new one would pass the bound", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2).set("c", 3);
    expect([...m.keys()]).toEqual(["b", "c"]);
  });

  it("updating a key it holds evicts nothing", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2).set("a", 10);
    expect([...m.entries()]).toEqual([
      ["a", 10],
      ["b", 2],
    ]);
  });

  it("a key deleted and set again becomes the newest, so it outlives older ones", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2);
    m.delete("a");
    m.set("a", 1).set("c", 3);
    expect([...m.keys()]).toEqual(["a", "c"]);
  });

  it("refuses a bound below one", () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
