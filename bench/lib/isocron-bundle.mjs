// Bundles isocron's source (src/index.ts) into one ESM file for the children,
// so the benchmark needs no build step and always measures the working tree.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Returns `{ file, dispose }`; `dispose()` removes the temporary folder. */
export function bundleIsocron() {
  return bundleToTemp("isocron.mjs", { entryPoints: [join(root, "src/index.ts")] });
}

/** Bundles for Node 20 as ESM into a fresh temporary folder: `{ file, dispose }`. */
export async function bundleToTemp(name, options) {
  const dir = await mkdtemp(join(tmpdir(), "isocron-bench-"));
  const file = join(dir, name);
  await build({ ...options, outfile: file, bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "silent" });
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}
