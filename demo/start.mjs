// Node 20 cannot run TypeScript directly: bundle the demo with esbuild in memory, then run it.
import { build } from "esbuild";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** `import text from "./file?raw"` is the file's text, as tools/build.mjs has it (isocron/hono's page). */
const rawText = {
  name: "raw-text",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -"?raw".length)), namespace: "raw" }));
    b.onLoad({ filter: /.*/, namespace: "raw" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
  },
};

const result = await build({
  entryPoints: [new URL("./demo.ts", import.meta.url).pathname],
  bundle: true,
  format: "esm",
  platform: "node",
  write: false,
  plugins: [rawText],
  logLevel: "error",
});
const file = join(mkdtempSync(join(tmpdir(), "isocron-demo-")), "demo.mjs");
writeFileSync(file, result.outputFiles[0].text);
await import(pathToFileURL(file).href);
