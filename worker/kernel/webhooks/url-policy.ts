/**
 * Which URLs a clinic may register as a webhook endpoint. Checked on the URL's host as written:
 * Workers cannot resolve a name before connecting, so a public name that resolves to a private
 * address (DNS rebinding) is not caught here; only literals and reserved names are.
 */
export type UrlRefusal = { ok: false; message: string };
export type UrlCheck = { ok: true; url: string } | UrlRefusal;

const BLOCKED_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan"];

export function checkEndpointUrl(raw: string, opts: { allowLoopback: boolean }): UrlCheck {
  if (!URL.canParse(raw)) return refuse("must be an absolute URL");
  const url = new URL(raw);
  if (url.username || url.password) return refuse("must not carry credentials");
  if (url.hash) return refuse("must not have a fragment");
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and the like into dotted IPv4.
  // A trailing dot names the same host ("localhost." is localhost).
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const loopback = isLoopbackHost(host);
  if (opts.allowLoopback && loopback && (url.protocol === "http:" || url.protocol === "https:")) {
    return { ok: true, url: url.toString() };
  }
  if (url.protocol !== "https:") return refuse("must use https");
  if (loopback) return refuse("must not point at a loopback address");
  const privateAddress = "must not point at a private, loopback or link-local address";
  if (host.startsWith("[")) {
    if (isPrivateIpv6(host.slice(1, -1))) return refuse(privateAddress);
    return { ok: true, url: url.toString() };
  }
  const v4 = parseIpv4(host);
  if (v4) {
    if (isPrivateIpv4(v4)) return refuse(privateAddress);
    return { ok: true, url: url.toString() };
  }
  if (BLOCKED_SUFFIXES.some((s) => host.endsWith(s)) || !host.includes(".")) {
    return refuse("must be a public host name");
  }
  return { ok: true, url: url.toString() };
}

function refuse(message: string): UrlRefusal {
  return { ok: false, message };
}

function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost") || host === "[::1]") return true;
  const v4 = parseIpv4(host);
  return v4 !== null && v4[0] === 127;
}

export function parseIpv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const nums = parts.map(Number);
  return nums.every((n) => n <= 255) ? nums : null;
}

/** Reserved IPv4 ranges (RFC 6890 and friends): nothing a clinic's public endpoint lives in. */
export function isPrivateIpv4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) return true;
  return (
    a === 0 || // "this" network
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments, TEST-NET-1
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast and reserved
  );
}

/** Expands an IPv6 literal (no brackets) into 8 groups, or null when it is not one. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = parseIpv4(dotted[1]);
    if (!v4) return null;
    tail.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
    text = `${text.slice(0, -dotted[1].length)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...new Array(Math.max(0, fill)).fill(0), ...rest];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return null;
  if (tail.length === 2) groups.splice(6, 2, ...tail);
  return groups;
}

export function isPrivateIpv6(ip: string): boolean {
  const g = ipv6Groups(ip);
  if (!g) return true; // not parseable: refuse rather than guess
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return true; // ::
  if (zeroTo(7) && g7 === 1) return true; // ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judge the IPv4 inside.
  if (zeroTo(5) && (g5 === 0xffff || g5 === 0)) return isPrivateIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  if (g0 === 0x64 && g[1] === 0xff9b) return isPrivateIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]); // NAT64
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g[1] === 0x0db8) return true; // documentation
  return false;
}
