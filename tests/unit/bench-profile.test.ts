import { describe, expect, it } from "vitest";
import { selfTimeByGroup } from "../../scripts/bench-profile.ts";

const bundle = [
  "// worker/http/app.ts", // line 0
  "function app() {}",
  "// node_modules/drizzle-orm/sqlite-core/session.js", // line 2
  "function all() {}",
  "// node_modules/@upstash/redis/nodejs.mjs", // line 4
  "function send() {}",
].join("\n");

const frame = (functionName: string, line: number, url = "file:///x/index.js") => ({
  functionName,
  url,
  lineNumber: line,
});

describe("bench profile grouping", () => {
  it("names each sample by the bundle module of its innermost app frame, and leaves idle time out", () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(root)", 0, ""), children: [2, 5, 6] },
        { id: 2, callFrame: frame("app", 1), children: [3] },
        { id: 3, callFrame: frame("all", 3), children: [4] },
        // A native call (SQLite's exec) counts for the module that made it.
        { id: 4, callFrame: frame("exec", 0, "") },
        { id: 5, callFrame: frame("(garbage collector)", 0, "") },
        { id: 6, callFrame: frame("(idle)", 0, "") },
      ],
      samples: [4, 4, 2, 5, 6, 6, 6],
      timeDeltas: [1000, 1000, 1000, 1000, 5000, 5000, 5000],
      startTime: 0,
      endTime: 19_000,
    };
    expect(selfTimeByGroup(profile, bundle)).toEqual([
      { group: "node_modules/drizzle-orm", ms: 2, share: 0.5 },
      { group: "worker/http/app.ts", ms: 1, share: 0.25 },
      { group: "[(garbage collector)]", ms: 1, share: 0.25 },
    ]);
  });
});
