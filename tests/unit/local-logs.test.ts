import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pruneOldFiles, rotateLog } from "../../scripts/services/process.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prescripto-logs-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("local log housekeeping", () => {
  it("moves a log past its size limit to <file>.1 and keeps appending to the emptied file", () => {
    const file = join(tempDir(), "worker.log");
    writeFileSync(file, "old-1\n");
    expect(rotateLog(file, 100)).toBe(false);
    appendFileSync(file, "x".repeat(200));
    expect(rotateLog(file, 100)).toBe(true);
    expect(readFileSync(`${file}.1`, "utf8")).toContain("old-1");
    expect(readFileSync(file, "utf8")).toBe("");
    appendFileSync(file, "new\n");
    appendFileSync(file, "y".repeat(200));
    // The next rotation replaces the previous generation: two at most.
    expect(rotateLog(file, 100)).toBe(true);
    expect(readFileSync(`${file}.1`, "utf8")).toContain("new");
    expect(readdirSync(join(file, "..")).sort()).toEqual(["worker.log", "worker.log.1"]);
  });

  it("does nothing for a log that does not exist yet", () => {
    expect(rotateLog(join(tempDir(), "absent.log"), 1)).toBe(false);
  });

  it("keeps only the newest files of a directory", () => {
    const dir = tempDir();
    for (let i = 0; i < 6; i++) {
      const f = join(dir, `wrangler-${i}.log`);
      writeFileSync(f, String(i));
      utimesSync(f, 1_000 + i, 1_000 + i);
    }
    pruneOldFiles(dir, 3);
    expect(readdirSync(dir).sort()).toEqual(["wrangler-3.log", "wrangler-4.log", "wrangler-5.log"]);
    pruneOldFiles(join(dir, "missing"), 3);
  });
});
