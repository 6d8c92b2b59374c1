#!/usr/bin/env node
// `npm test`: builds, then runs every suite against real runtimes, streaming each one's output:
//   the consumer type matrix (TypeScript 5 and 7, deno check) on the packed package, vitest
//   (unit + integration), isocron/redis on Bun's RedisClient in real Bun, Playwright in
//   Debian's Chromium, the conformance file on Node, Deno and Bun against dist/, and the Deno
//   KV contract suites in real Deno. Ends with one line `N passed, N failed` (tests over all
//   suites; a suite that could not run counts as one failure) and exits non-zero on any failure.
// Usage: node tools/test-all.mjs [--skip=types,vitest,bun-redis,playwright,node,deno,bun,deno-kv]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const reports = join(root, "test-results", "all");
const skip = new Set(
  process.argv
    .filter((a) => a.startsWith("--skip="))
    .flatMap((a) => a.slice("--skip=".length).split(","))
    .filter(Boolean),
);
const conformance = "e2e/conformance/conformance.mjs";

/** One row per suite: { name, passed, failed, note, seconds }. */
const rows = [];

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const build = await exec("build", process.execPath, ["tools/build.mjs"]);
if (build.code !== 0) rows.push({ name: "build", passed: 0, failed: 1, note: "build failed", seconds: build.seconds });
// The build empties dist/ first, so these exist only if this build's bundles were written (a
// type error fails the build after them; the runtime suites can still say what works).
const bundled = ["index.js", "isocron.iife.js", "web-locks.js"].every((f) => existsSync(join(root, "dist", f)));

// The shipped declarations, as consumers see them: TypeScript 5 and 7 across kinds of project,
// and `deno check` of the packed package (test/types/run.mjs). Each cell counts as one test.
await suite("types", async () => {
  if (!existsSync(join(root, "dist", "index.d.ts"))) return { error: "needs the build" };
  const r = await exec("types", process.execPath, ["test/types/run.mjs"], {}, true);
  const match = /types: (\d+) passed, (\d+) failed/.exec(r.output);
  if (match === null) return { ...r, error: `no counts printed (exit ${r.code})` };
  const [passed, failed] = [Number(match[1]), Number(match[2])];
  return { ...r, passed, failed, error: failed === 0 && r.code !== 0 ? `exit ${r.code}` : undefined };
});

await suite("vitest", async () => {
  const out = join(reports, "vitest.json");
  const r = await exec("vitest", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  const json = readJson(out);
  if (json === undefined) return { ...r, error: `no report (exit ${r.code})` };
  const failed = json.numFailedTests + (json.numFailedTestSuites > 0 && json.numFailedTests === 0 ? 1 : 0);
  return { ...r, passed: json.numPassedTests, failed, error: failed === 0 && r.code !== 0 ? `exit ${r.code}` : undefined };
});

// isocron/redis on Bun's built-in RedisClient, in real Bun against a real redis-server: the
// locker and elector contracts and the batch costs (bun test runs the shared vitest suites).
await suite("bun-redis", async () => {
  const r = await exec("bun-redis", bin("bun"), ["test", "--timeout", "30000", "./test/redis/bun/bun-client.bun-test.ts"], { NO_COLOR: "1" }, "both");
  // bun test prints its summary on stderr, so it is captured from there too
  const text = `${r.output}\n${r.errorOutput}`;
  const passed = /^\s*(\d+) pass$/m.exec(text);
  const failed = /^\s*(\d+) fail$/m.exec(text);
  if (passed === null || failed === null) return { ...r, error: `no counts printed (exit ${r.code})` };
  return { ...r, passed: Number(passed[1]), failed: Number(failed[1]), error: Number(failed[1]) === 0 && r.code !== 0 ? `exit ${r.code}` : undefined };
});

await suite("playwright", async () => {
  if (!bundled) return { error: "needs the build" };
  const out = join(reports, "playwright.json");
  const r = await exec(
    "playwright",
    bin("playwright"),
    ["test", "-c", "e2e/playwright.config.ts", "--reporter=list,json"],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  );
  const json = readJson(out);
  if (json === undefined) return { ...r, error: `no report (exit ${r.code})` };
  const errors = json.errors?.length ?? 0;
  const { expected = 0, unexpected = 0, flaky = 0 } = json.stats ?? {};
  return {
    ...r,
    passed: expected + flaky,
    failed: unexpected + errors,
    error: unexpected + errors === 0 && r.code !== 0 ? `exit ${r.code}` : undefined,
  };
});

const runtimes = {
  node: [process.execPath, [conformance]],
  deno: [bin("deno"), ["run", "-A", conformance]],
  bun: [bin("bun"), [conformance]],
};
for (const [name, [command, args]] of Object.entries(runtimes)) {
  await suite(name, async () => {
    if (!bundled) return { error: "needs the build" };
    const r = await exec(`conformance (${name})`, command, args, {}, true);
    const match = /conformance \(\w+\): (\d+) passed, (\d+) failed/.exec(r.output);
    if (match === null) return { ...r, error: `no counts printed (exit ${r.code})` };
    const [passed, failed] = [Number(match[1]), Number(match[2])];
    return { ...r, passed, failed, error: failed === 0 && r.code !== 0 ? `exit ${r.code}` : undefined };
  });
}

// isocron/deno-kv in real Deno: the shared locker and elector contract suites (written for
// vitest, run unchanged through test/deno-kv/deno/vitest-shim.ts) on a local KV file, and the
// shim's own tests. Runs the sources, so it needs no build.
await suite("deno-kv", async () => {
  const dir = "test/deno-kv/deno";
  const r = await exec("Deno KV contracts (deno test)", bin("deno"), [
    "test", "--unstable-kv", "-A", "--import-map", `${dir}/import-map.json`, `${dir}/shim.test.deno.ts`, `${dir}/contracts.deno.ts`,
  ], { NO_COLOR: "1" }, true);
  const match = /(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(r.output.replace(/\x1b\[[0-9;]*m/g, "")); // colours despite NO_COLOR
  if (match === null) return { ...r, error: `no counts printed (exit ${r.code})` };
  const [passed, failed] = [Number(match[1]), Number(match[2])];
  return { ...r, passed, failed, error: failed === 0 && r.code !== 0 ? `exit ${r.code}` : undefined };
});

console.log("\n== summary");
for (const { name, passed, failed, note, seconds } of rows) {
  const time = seconds === undefined ? "" : ` (${seconds.toFixed(1)} s)`;
  console.log(`  ${name.padEnd(11)} ${String(passed).padStart(4)} passed ${String(failed).padStart(3)} failed${time}${note ? `  ${note}` : ""}`);
}
const passed = rows.reduce((n, r) => n + r.passed, 0);
const failed = rows.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** Runs one suite unless skipped; an error (could not run, or no counts) counts as one failure. */
async function suite(name, body) {
  if (skip.has(name)) {
    rows.push({ name, passed: 0, failed: 0, note: "skipped (--skip)" });
    return;
  }
  let result;
  try {
    result = await body();
  } catch (error) {
    result = { error: String(error) };
  }
  const { passed = 0, failed = 0, error, seconds } = result;
  rows.push({ name, passed, failed: failed + (error && failed === 0 ? 1 : 0), note: error ?? "", seconds });
}

/** Spawns a command, streaming its output; resolves its exit code, seconds taken and (if `capture`) stdout, (if `"both"`) stderr too. */
function exec(label, command, args, env = {}, capture = false) {
  console.log(`\n== ${label}: ${[command.replace(`${root}/`, ""), ...args].join(" ")}`);
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" },
      stdio: ["ignore", capture ? "pipe" : "inherit", capture === "both" ? "pipe" : "inherit"],
    });
    let output = "";
    let errorOutput = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr?.on("data", (chunk) => {
      errorOutput += chunk;
      process.stderr.write(chunk);
    });
    const finish = (code) => done({ code, output, errorOutput, seconds: (performance.now() - started) / 1000 });
    child.on("error", (error) => {
      console.error(`${label}: ${error.message}`);
      finish(-1);
    });
    child.on("close", (code) => finish(code ?? -1));
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}
