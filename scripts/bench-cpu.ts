import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time spent by each process group while a benchmark scenario runs, read from /proc (Linux).
 * On a small machine workerd shares its cores with the local stand-ins (Redis, FerretDB, the
 * Upstash bridge and the load generator, which live in this Node process); req/s alone cannot
 * tell whose CPU a scenario costs. Workerd's CPU per request can.
 */
export type CpuGroup = "workerd" | "bench process (load generator, Upstash bridge)" | "redis-server" | "ferretdb";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export type CpuSnapshot = Map<CpuGroup, number>;

export function cpuSnapshot(): CpuSnapshot | null {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null; // not Linux: the bench prints no CPU figures
  }
  const procs = new Map<string, { comm: string; ppid: string; ticks: number }>();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid … utime stime …": comm may contain spaces, so split after the ")".
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    procs.set(pid, { comm, ppid: fields[1] ?? "", ticks: Number(fields[11]) + Number(fields[12]) });
  }
  // Only this process and its descendants: other runs on a shared machine have workerds too.
  const self = String(process.pid);
  const ours = (pid: string): boolean => {
    for (let p = pid, depth = 0; p && depth < 32; p = procs.get(p)?.ppid ?? "", depth++) if (p === self) return true;
    return false;
  };
  const totals: CpuSnapshot = new Map();
  for (const [pid, { comm, ticks }] of procs) {
    const group = ours(pid) ? groupOf(comm, pid) : null;
    if (group) totals.set(group, (totals.get(group) ?? 0) + ticks);
  }
  return totals;
}

function groupOf(comm: string, pid: string): CpuGroup | null {
  if (comm === "workerd") return "workerd";
  if (comm === "redis-server") return "redis-server";
  if (comm === "ferretdb") return "ferretdb";
  if (pid === String(process.pid)) return "bench process (load generator, Upstash bridge)";
  return null;
}

/** Milliseconds of CPU per group between two snapshots. */
export function cpuSpentMs(before: CpuSnapshot | null, after: CpuSnapshot | null): Map<CpuGroup, number> | null {
  if (!before || !after) return null;
  const spent = new Map<CpuGroup, number>();
  for (const [group, ticks] of after) {
    spent.set(group, ((ticks - (before.get(group) ?? 0)) * 1000) / TICKS_PER_SECOND);
  }
  return spent;
}
