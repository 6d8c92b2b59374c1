// Bundles isocron's source (src/index.ts, croner inside) into one ESM file for the children,
// so the benchmark needs no build step and always measures the working tree.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Returns `{ file, dispose }`; `dispose()` removes the temporary folder. */
export async function bundleIsocron() {
  const dir = await mkdtemp(join(tmpdir(), "isocron-bench-"));
  const file = join(dir, "isocron.mjs");
  await build({
    entryPoints: [join(root, "src/index.ts")],
    outfile: file,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
  });
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}
