import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedEnvelope {
  path: string;
  headers: IncomingHttpHeaders;
  items: { header: Record<string, unknown>; payload: Record<string, unknown> }[];
  raw: string;
}

/**
 * A local stand-in for Sentry's ingest API: accepts envelopes at /api/<project>/envelope/
 * exactly as toucan-js posts them, and keeps them for assertions.
 */
export async function startSentryStandIn(): Promise<{
  dsn: string;
  envelopes: ReceivedEnvelope[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEnvelope[]>;
  close(): Promise<void>;
}> {
  const envelopes: ReceivedEnvelope[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      if (req.method === "POST" && /^\/api\/\d+\/envelope\/?/.test(req.url ?? "")) {
        const lines = raw.split("\n").filter(Boolean);
        const items: ReceivedEnvelope["items"] = [];
        for (let i = 1; i + 1 < lines.length; i += 2) {
          items.push({ header: JSON.parse(lines[i] as string), payload: JSON.parse(lines[i + 1] as string) });
        }
        envelopes.push({ path: req.url ?? "", headers: req.headers, items, raw });
        res.writeHead(200, { "content-type": "application/json" }).end('{"id":"0"}');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://publickey123@127.0.0.1:${port}/42`,
    envelopes,
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (envelopes.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return envelopes;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
