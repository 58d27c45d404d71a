import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * BENCH_PROFILE=1 (with BENCH_INSPECT=<port>): a V8 CPU profile of the app's isolate in workerd for
 * each measured scenario, through the inspector's Chrome DevTools Protocol. The .cpuprofile files
 * open in Chrome DevTools; the bench prints where the isolate's samples went, grouped by the code
 * that spent them, so a figure comes with the reason behind it.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export class IsolateProfiler {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private readonly inspectorPort: number;
  private readonly outDir: string;

  constructor(inspectorPort: number, outDir: string) {
    this.inspectorPort = inspectorPort;
    this.outDir = outDir;
  }

  /** Connects to the isolate named `worker` (the app, not Miniflare's own entry worker). */
  async connect(worker: string): Promise<void> {
    const targets = (await (await fetch(`http://127.0.0.1:${this.inspectorPort}/json/list`)).json()) as {
      title?: string;
      id?: string;
      webSocketDebuggerUrl: string;
    }[];
    const target = targets.find((t) => t.title?.includes(worker) || t.id?.includes(worker));
    if (!target) throw new Error(`no inspector target for ${worker}: ${targets.map((t) => t.title).join(", ")}`);
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error("inspector connection failed")), { once: true });
    });
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
    this.ws = ws;
    await this.send("Profiler.enable");
    await this.send("Profiler.setSamplingInterval", { interval: 200 });
  }

  private send(method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws?.send(JSON.stringify({ id, method, params }));
    });
  }

  start(): Promise<unknown> {
    return this.send("Profiler.start");
  }

  /** Stops, writes `<name>.cpuprofile` and returns the self time per group, largest first. */
  async stop(name: string): Promise<{ group: string; ms: number; share: number }[]> {
    const { profile } = (await this.send("Profiler.stop")) as { profile: Profile };
    mkdirSync(this.outDir, { recursive: true });
    writeFileSync(join(this.outDir, `${name.replace(/[^A-Za-z0-9]+/g, "-")}.cpuprofile`), JSON.stringify(profile));
    return selfTimeByGroup(profile);
  }

  close(): void {
    this.ws?.close();
  }
}

/** Self time of the samples, grouped by the nearest frame of our own code (or the library's). */
export function selfTimeByGroup(profile: Profile): { group: string; ms: number; share: number }[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const groupOf = new Map<number, string>();
  const group = (id: number): string => {
    const known = groupOf.get(id);
    if (known) return known;
    const node = byId.get(id) as ProfileNode;
    const fn = node.callFrame.functionName;
    let g: string;
    if (fn === "(idle)" || fn === "(program)" || fn === "(garbage collector)") g = fn;
    else {
      // Walk up to the first frame that names a function, keeping the innermost named one.
      let cur: number | undefined = id;
      const names: string[] = [];
      while (cur !== undefined && names.length < 3) {
        const f = (byId.get(cur) as ProfileNode).callFrame;
        if (f.functionName && f.functionName !== "(root)") names.push(f.functionName);
        cur = parent.get(cur);
      }
      g = names.length ? names.join(" < ") : "(anonymous)";
    }
    groupOf.set(id, g);
    return g;
  };
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const g = group(id);
    totals.set(g, (totals.get(g) ?? 0) + dt);
    if (g !== "(idle)") all += dt;
  });
  return [...totals]
    .filter(([g]) => g !== "(idle)")
    .map(([g, ms]) => ({ group: g, ms, share: all ? ms / all : 0 }))
    .sort((a, b) => b.ms - a.ms);
}
