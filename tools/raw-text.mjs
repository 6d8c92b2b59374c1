// `import text from "./file?raw"` is the file's text (esbuild's "text" loader): isocron/hono
// embeds its dashboard's page, script and stylesheet this way, so it needs no file system at
// run time (Workers, Deno, Bun). One plugin for every esbuild build that meets isocron/hono:
// the package build, the demo, the benchmark's W4 and the workerd test harness.
// vitest.config.ts gives Vite the same rule; wrangler.toml has a Text rule for the Worker.
import { readFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";

/** The esbuild plugin; paths are shown relative to `root` (bundles name them in comments). */
export function rawText(root) {
  return {
    name: "raw-text",
    setup(b) {
      b.onResolve({ filter: /\?raw$/ }, (args) => ({
        path: relative(root, resolve(args.resolveDir, args.path.slice(0, -"?raw".length))).split(sep).join("/"),
        namespace: "raw",
      }));
      b.onLoad({ filter: /.*/, namespace: "raw" }, (args) => ({ contents: readFileSync(resolve(root, args.path), "utf8"), loader: "text" }));
    },
  };
}
