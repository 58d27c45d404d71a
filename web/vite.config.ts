import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Paths are resolved from this file so the build works no matter which
// directory `vite build --config web/vite.config.ts` is launched from.
const webRoot = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("./dist", import.meta.url));

export default defineConfig({
  root: webRoot,
  publicDir: "public",
  plugins: [react(), tailwindcss()],
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
