#!/usr/bin/env node
// `npm run check:package`: builds, then checks what would be published.
//   1. exports: every package.json export target exists after the build, each branch lists
//      `types` first, and jsr.json names the same subpaths (and version) as package.json
//   2. publint --strict
//   3. @arethetypeswrong/cli on the packed tarball, profile "esm-only" (isocron ships ESM
//      only, so CommonJS `require` resolution is not checked)
//   4. deno publish --dry-run (jsr.json: license, exports, no slow types)
// Usage: node tools/check-package.mjs [--no-build]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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
run("attw", bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "table-flipped"]);
run("jsr", bin("deno"), ["publish", "--dry-run", "--allow-dirty", "--config", "jsr.json"]);
report();

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
  // npm-only: the script-tag bundle and package.json (JSR serves the TypeScript sources), and
  // the Durable Object classes, whose `cloudflare:workers` import Deno cannot resolve.
  const npmOnly = new Set(["./iife", "./package.json", "./cloudflare/durable"]);
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
