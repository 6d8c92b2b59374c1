import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { defineConfig, type Plugin } from "vitest/config";

const RAW = "\0raw:";
/** Ends the virtual id, so that it no longer ends in ".css": vitest would empty a stylesheet. */
const END = "#raw";

/**
 * `import text from "./file?raw"` is the file's text, for every file type: how isocron/hono
 * embeds its dashboard's assets (tools/build.mjs gives esbuild the same rule). Vite reads `?raw`
 * itself, but vitest empties stylesheets first.
 */
const raw: Plugin = {
  name: "isocron-raw",
  enforce: "pre",
  resolveId(source, importer) {
    if (!source.endsWith("?raw") || importer === undefined) return null;
    return `${RAW}${resolve(dirname(importer), source.slice(0, -"?raw".length))}${END}`;
  },
  load(id) {
    if (!id.startsWith(RAW)) return null;
    return `export default ${JSON.stringify(readFileSync(id.slice(RAW.length, -END.length), "utf8"))};`;
  },
};

export default defineConfig({
  plugins: [raw],
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The long files wait on real time (Redis TTLs, workerd, child processes), not on the CPU:
    // vitest's default on 2 cores (cores - 1 = one file at a time) ran them one after another.
    maxWorkers: 3,
  },
});
