#!/usr/bin/env node
// The consumer matrix: type-checks core.ts, redis.ts, fetch.ts, iife.ts, durable.ts and hono.ts (each where it
// belongs) against the package as npm would install it (`npm pack` of the current dist/), under
// TypeScript 5 and 7 and each kind of project, never with skipLibCheck, so a .d.ts that names a
// global some projects lack fails here. Then `deno check` of the same package installed from the tarball.
// Prints one line per cell and `types: N passed, N failed`; exits non-zero on any failure.
// Needs the build (node tools/build.mjs). Usage: node test/types/run.mjs
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const modules = join(root, "node_modules");

const compilers = {
  "ts5": join(modules, "typescript5", "bin", "tsc"),
  "ts7": join(modules, ".bin", "tsc"),
};
/** Kinds of project: their lib, global types and module resolution. */
const projects = {
  "es2022+dom": { lib: ["ES2022", "DOM"], types: [], module: "ESNext", moduleResolution: "Bundler", files: ["fetch.ts", "iife.ts", "hono.ts"] },
  "es2022+node": { lib: ["ES2022"], types: ["node"], module: "NodeNext", moduleResolution: "NodeNext", files: ["fetch.ts", "hono.ts"] },
  // No fetch API at all: only the entries that need none (a project like this cannot make a
  // request, and @upstash/redis's own declarations fail in it).
  "esnext, no dom": { lib: ["ESNext"], types: [], module: "ESNext", moduleResolution: "Bundler", files: [] },
  "workers": {
    lib: ["ES2022"], types: ["@cloudflare/workers-types"], module: "ESNext", moduleResolution: "Bundler",
    files: ["fetch.ts", "durable.ts", "hono.ts"],
  },
};

const work = mkdtempSync(join(tmpdir(), "isocron-types-"));
const results = [];
try {
  const tarball = pack(work);
  const project = join(work, "project");
  install(project, tarball);
  for (const [tsName, tsc] of Object.entries(compilers)) {
    for (const [name, config] of Object.entries(projects)) {
      const tsconfig = `tsconfig.${tsName}.${name.replace(/\W+/g, "-")}.json`;
      writeFileSync(join(project, tsconfig), JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: config.module,
          moduleResolution: config.moduleResolution,
          lib: config.lib,
          types: config.types,
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ["core.ts", "redis.ts", ...config.files],
      }, null, 2));
      results.push(check(`${tsName}, ${name}`, tsc, ["-p", tsconfig], project));
    }
  }
  results.push(...denoCheck(join(work, "deno"), tarball));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((ok) => !ok).length;
console.log(`types: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** `npm pack` of the repository as it is (no scripts: dist/ is already built); the tarball path. */
function pack(dir) {
  const r = spawnSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
  return join(dir, r.stdout.trim().split("\n").pop());
}

/** A project with the tarball unpacked as node_modules/isocron, and the packages it may use linked. */
function install(project, tarball) {
  const target = join(project, "node_modules", "isocron");
  mkdirSync(target, { recursive: true });
  const r = spawnSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  for (const name of ["@upstash/redis", "@types/node", "@cloudflare/workers-types", "hono"]) {
    mkdirSync(dirname(join(project, "node_modules", name)), { recursive: true });
    symlinkSync(join(modules, name), join(project, "node_modules", name));
  }
  for (const file of readdirSync(here).filter((f) => f.endsWith(".ts"))) copyFileSync(join(here, file), join(project, file));
  // @upstash/redis's own declarations import its dependency; link what it needs from ours.
  for (const name of readdirSync(join(modules, "@upstash")).filter((n) => n !== "redis")) {
    symlinkSync(join(modules, "@upstash", name), join(project, "node_modules", "@upstash", name));
  }
}

/**
 * Deno on a project that installed the tarball with npm (node_modules + package.json), as a
 * Deno user of a local build would: the types must come from the package's exports.
 */
function denoCheck(dir, tarball) {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  install(dir, tarball);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", dependencies: { isocron: `file:${tarball}` } }));
  writeFileSync(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual", unstable: ["kv"] }));
  writeFileSync(join(dir, "main.ts"), [
    'import { cronJob, Scheduler, SchedulerError } from "isocron";',
    'import { WebLocksElector } from "isocron/web-locks";',
    'import { DenoKvElector, DenoKvLocker } from "isocron/deno-kv";',
    'import { RedisLocker } from "isocron/redis";',
    "await using scheduler = new Scheduler({ timeZone: \"UTC\" });",
    'const job = scheduler.newJob(cronJob("0 9 * * *"), () => {}, { name: "report" });',
    "const next: Date | null = job.nextRun();",
    "// @ts-expect-error: the types were found, so a wrong argument is an error",
    "scheduler.newJob(cronJob(9), () => {});",
    "// A real Deno.Kv fits the adapters' structural KV type.",
    "const kv: Deno.Kv = await Deno.openKv(\":memory:\");",
    "const kvLocker = new DenoKvLocker({ kv });",
    "await using elector = new DenoKvElector({ kv, key: [\"app\", \"leader\"] });",
    "console.log(next, SchedulerError.name, WebLocksElector.name, kvLocker, elector.instanceId, RedisLocker.name);",
    "",
  ].join("\n"));
  const byPackage = check("deno check (tarball in node_modules)", join(modules, ".bin", "deno"), ["check", "main.ts"], dir);
  // A script importing the build by path (a clone's dist/, outside node_modules, where Deno
  // reads no package.json "types"): the `@ts-self-types` comment the
  // build writes at the top of each entry must lead Deno to its declarations.
  const path = "./isocron/dist";
  mkdirSync(join(dir, "isocron"));
  spawnSync("tar", ["-xzf", tarball, "-C", join(dir, "isocron"), "--strip-components=1"]);
  writeFileSync(join(dir, "by-path.ts"), readFileSync(join(dir, "main.ts"), "utf8")
    .replace('"isocron"', `"${path}/index.js"`).replace('"isocron/web-locks"', `"${path}/web-locks.js"`).replace('"isocron/deno-kv"', `"${path}/deno-kv.js"`).replace('"isocron/redis"', `"${path}/redis.js"`));
  const byPath = check("deno check (dist/ imported by path)", join(modules, ".bin", "deno"), ["check", "by-path.ts"], dir);
  return [byPackage, byPath];
}

function check(label, command, args, cwd) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
  const ok = r.status === 0;
  console.log(`${ok ? "ok  " : "FAIL"} ${label}`);
  if (!ok) console.log(`${r.stdout}${r.stderr}`.trim().replace(/^/gm, "     "));
  return ok;
}
