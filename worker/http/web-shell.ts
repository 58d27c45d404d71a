import { withSecurityHeaders } from "./middleware/security-headers.ts";

/**
 * Paths the app (worker/http/app.ts) owns; everything else that reaches the Worker belongs to the
 * web app. The reminder links' pages are the app's too: without them here, the shell answered
 * their GET and 405'd the POST of their form (found by the fuzz layer).
 */
const API_PATH = /^\/(api|\.well-known|appointment-links)(\/|$)/;
/** A file's path (hashed assets, anything with an extension): never answered with the shell. */
const FILE_PATH = /^\/assets\/|\/[^/]*\.[A-Za-z0-9]+$/;

export function isWebPath(request: Request): boolean {
  return !API_PATH.test(new URL(request.url).pathname);
}

/**
 * What reaches the Worker outside the API: the shell itself ("/", "/index.html", run first so its
 * headers follow the configuration) and every path no static file matched. Client-side routes
 * get the shell; a missing file is 404 and not cacheable, so a tab left open across a deploy never
 * stores HTML under an old script's hashed (immutable) URL.
 */
export async function serveWeb(request: Request, env: Env): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return plain(405, "Method not allowed", env, { Allow: "GET, HEAD" });
  }
  const path = new URL(request.url).pathname;
  if (path !== "/index.html" && FILE_PATH.test(path)) return plain(404, "Not found", env);
  // The shell is index.html, asked for as "/" (the assets' own URL for it), with the browser's
  // validators so an unchanged shell is a 304.
  const shell = await env.ASSETS.fetch(new Request(new URL("/", request.url), { headers: request.headers }));
  const headers = new Headers(shell.headers);
  // Revalidated on every use, so a deploy is picked up at once.
  headers.set("Cache-Control", shell.ok || shell.status === 304 ? "no-cache" : "no-store");
  const body = request.method === "HEAD" ? null : shell.body;
  return withSecurityHeaders(new Response(body, { status: shell.status, headers }), env, "html");
}

function plain(status: number, text: string, env: Env, extra: Record<string, string> = {}): Response {
  const res = new Response(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...extra },
  });
  return withSecurityHeaders(res, env, "html");
}
