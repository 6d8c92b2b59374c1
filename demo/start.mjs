// Node 20 cannot run TypeScript directly: bundle the demo with esbuild in memory, then run it.
import { build } from "esbuild";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rawText } from "../tools/raw-text.mjs";

const result = await build({
  entryPoints: [new URL("./demo.ts", import.meta.url).pathname],
  bundle: true,
  format: "esm",
  platform: "node",
  write: false,
  plugins: [rawText(fileURLToPath(new URL("..", import.meta.url)))],
  logLevel: "error",
});
const file = join(mkdtempSync(join(tmpdir(), "isocron-demo-")), "demo.mjs");
writeFileSync(file, result.outputFiles[0].text);
await import(pathToFileURL(file).href);
