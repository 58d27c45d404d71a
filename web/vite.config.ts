import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Paths are resolved from this file so the build works no matter which
// directory `vite build --config web/vite.config.ts` is launched from.
const webRoot = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("./dist", import.meta.url));

// The API reference docs (/api/docs, worker/http/docs/docs-page.ts) load Scalar's standalone bundle
// from our own assets, not a CDN. The file name carries the version (keep DOCS_BUNDLE_PATH in step).
const scalarDir = fileURLToPath(new URL("../node_modules/@scalar/api-reference/", import.meta.url));
const scalarBundle = `${scalarDir}dist/browser/standalone.js`;
const scalarVersion = (JSON.parse(readFileSync(`${scalarDir}package.json`, "utf8")) as { version: string }).version;
const scalarDocsAsset = {
  name: "scalar-docs-asset",
  apply: "build" as const,
  generateBundle(this: { emitFile(f: { type: "asset"; fileName: string; source: Uint8Array }): string }) {
    this.emitFile({
      type: "asset",
      fileName: `docs-assets/scalar-api-reference-${scalarVersion}.js`,
      source: readFileSync(scalarBundle),
    });
  },
};

export default defineConfig({
  root: webRoot,
  publicDir: "public",
  plugins: [react(), tailwindcss(), scalarDocsAsset],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: "assets",
    // Every emitted JS/CSS/asset file carries a content hash so the Worker can
    // serve `/assets/*` with `Cache-Control: immutable`. index.html and the
    // files copied from public/ (favicon.svg) are NOT hashed.
    rolldownOptions: {
      output: {
        entryFileNames: "assets/[name]-[hash].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
  server: {
    proxy: {
      // Local front-end work: `wrangler dev` serves the API on :8787.
      "/api": { target: "http://127.0.0.1:8787" },
    },
  },
});
