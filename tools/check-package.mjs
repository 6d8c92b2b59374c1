#!/usr/bin/env node
// `npm run check:package`: builds, then checks what would be published.
//   1. exports: every package.json export target exists after the build, each branch lists
//      `types` first, and jsr.json names the same subpaths (and version) as package.json
//   2. publint --strict
//   3. contents: the tarball (`npm pack`, scripts skipped: the build above is what it packs)
//      holds dist/ and the docs, one .d.ts per export and no other declarations, no sources
//   4. @arethetypeswrong/cli on that tarball, profile "esm-only" (isocron ships ESM only, so
//      CommonJS `require` resolution is not checked)
//   5. deno publish --dry-run (jsr.json: license, exports, no slow types)
//   6. docs: every link between README.md and docs/*.md resolves (tools/check-docs.mjs)
// Usage: node tools/check-package.mjs [--no-build]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const results = [];

function run(label, command, args) {
  console.log(`\n== ${label}: ${[command.replace(`${root}/`, ""), ...args].join(" ")}`);
  const { status, error } = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (error) console.error(`${label}: ${error.message}`);
  results.push([label, status === 0]);
  return status === 0;
}

if (!process.argv.includes("--no-build") && !run("build", process.execPath, ["tools/build.mjs"])) {
  report();
}

console.log("\n== exports");
const problems = checkExports();
for (const problem of problems) console.error(`  ${problem}`);
if (problems.length === 0) console.log("  package.json and jsr.json exports agree; every target exists");
results.push(["exports", problems.length === 0]);

run("publint", bin("publint"), ["--strict"]);

// Packed once without scripts: `npm pack` would otherwise run `prepare` (the build) again.
const packDir = mkdtempSync(join(tmpdir(), "isocron-pack-"));
try {
  console.log("\n== contents");
  const packed = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], { cwd: root, encoding: "utf8" });
  const manifest = packed.status === 0 ? JSON.parse(packed.stdout)[0] : undefined;
  const contentProblems = manifest === undefined ? [`npm pack failed: ${packed.stderr}`] : checkContents(manifest.files.map((f) => f.path));
  for (const problem of contentProblems) console.error(`  ${problem}`);
  if (contentProblems.length === 0) console.log(`  ${manifest.files.length} files; one .d.ts per export, no sources`);
  results.push(["contents", contentProblems.length === 0]);
  if (manifest !== undefined) {
    run("attw", bin("attw"), [join(packDir, manifest.filename), "--profile", "esm-only", "--format", "table-flipped"]);
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
run("jsr", bin("deno"), ["publish", "--dry-run", "--allow-dirty", "--config", "jsr.json"]);
run("docs", process.execPath, ["tools/check-docs.mjs"]);
report();

/** What a tarball with these paths gets wrong: declarations beyond the exports', sources, no docs. */
function checkContents(paths) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const out = [];
  const typeTargets = new Set(
    Object.values(pkg.exports ?? {}).flatMap((t) => (typeof t === "object" && t.types ? [t.types.replace(/^\.\//, "")] : [])),
  );
  for (const path of paths) {
    if (path.endsWith(".d.ts") && !typeTargets.has(path)) out.push(`${path}: a declaration file no export names`);
    else if (path.endsWith(".ts") && !path.endsWith(".d.ts")) out.push(`${path}: a TypeScript source in the package`);
  }
  for (const target of typeTargets) if (!paths.includes(target)) out.push(`${target}: missing from the tarball`);
  for (const file of ["README.md", "LICENSE", "docs/jobs.md"]) if (!paths.includes(file)) out.push(`${file}: missing from the tarball`);
  return out;
}

function checkExports() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const jsr = JSON.parse(readFileSync(join(root, "jsr.json"), "utf8"));
  const out = [];
  const exportsMap = pkg.exports ?? {};
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const branch = typeof target === "string" ? { default: target } : target;
    const keys = Object.keys(branch);
    if (keys.includes("types") && keys[0] !== "types") out.push(`${subpath}: "types" must come first`);
    if (!keys.includes("types") && subpath !== "./package.json") out.push(`${subpath}: no "types"`);
    for (const file of Object.values(branch)) {
      if (!existsSync(join(root, file))) out.push(`${subpath}: ${file} does not exist (run the build)`);
    }
  }
  // npm-only: the script-tag bundle and package.json (JSR serves the TypeScript sources), the
  // Durable Object classes, whose `cloudflare:workers` import Deno cannot resolve, and the admin
  // app, whose sources import the dashboard's files as text (`?raw`), which only the build
  // embeds (Deno users import it from npm: `npm:isocron/hono`).
  const npmOnly = new Set(["./iife", "./package.json", "./cloudflare/durable", "./hono"]);
  const npmPaths = Object.keys(exportsMap).filter((p) => !npmOnly.has(p)).sort();
  const jsrPaths = Object.keys(jsr.exports ?? {}).sort();
  if (npmPaths.join() !== jsrPaths.join()) {
    out.push(`subpaths differ: package.json [${npmPaths}] vs jsr.json [${jsrPaths}]`);
  }
  for (const [subpath, file] of Object.entries(jsr.exports ?? {})) {
    if (!existsSync(join(root, file))) out.push(`jsr.json ${subpath}: ${file} does not exist`);
  }
  if (jsr.version !== pkg.version) out.push(`version: jsr.json ${jsr.version} vs package.json ${pkg.version}`);
  if (jsr.license !== pkg.license) out.push(`license: jsr.json ${jsr.license} vs package.json ${pkg.license}`);
  return out;
}

function report() {
  console.log("\n== check:package");
  for (const [label, ok] of results) console.log(`  ${ok ? "ok  " : "FAIL"} ${label}`);
  const failed = results.filter(([, ok]) => !ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
