// Bundles isocron's source (src/index.ts) into one ESM file for the children,
// so the benchmark needs no build step and always measures the working tree.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** esbuild options of every bench bundle: one ESM file for Node 20. */
const FOR_NODE = { bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "silent" };

/** Returns `{ file, dispose }`; `dispose()` removes the temporary folder. */
export function bundleIsocron() {
  return bundleToTemp("isocron.mjs", { entryPoints: [join(root, "src/index.ts")] });
}

/** Bundles for Node 20 as ESM into a fresh temporary folder: `{ file, dispose }`. */
export async function bundleToTemp(name, options) {
  const dir = await mkdtemp(join(tmpdir(), "isocron-bench-"));
  const file = join(dir, name);
  await build({ ...options, ...FOR_NODE, outfile: file });
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * isocron's src/index.ts at git revision `rev` ("." = the working tree), bundled for Node 20 into
 * `scratch` as `<label>.mjs`: the bundle's path. Used to compare versions in one run.
 */
export async function bundleAt(rev, label, scratch) {
  let src = join(root, "src");
  if (rev !== ".") {
    const dir = join(scratch, label);
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git -C "${root}" archive "${rev}" src | tar -x -C "${dir}"`]);
    src = join(dir, "src");
  }
  const outfile = join(scratch, `${label}.mjs`);
  await build({ entryPoints: [join(src, "index.ts")], ...FOR_NODE, outfile });
  return outfile;
}
