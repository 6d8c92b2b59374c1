#!/usr/bin/env node
// Builds the package into dist/:
//   index.js, upstash.js, cloudflare.js, cloudflare/durable.js, web-locks.js, hono.js, deno-kv.js, redis.js
//                                                       ESM, shared code in dist/chunks/, deps external
//   isocron.iife.js (+ .d.ts)                            minified script-tag bundle
//   <entry>.d.ts next to each entry                     declarations: tsc (tsconfig.build.json),
//                                                       bundled per entry by tools/bundle-dts.mjs
// and prints each entry's minified + gzipped size (BENCHMARKS.md W4).
// Entries whose source does not exist yet are skipped with a warning.
// Usage: node tools/build.mjs [--no-types]
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bundleDeclarations } from "./bundle-dts.mjs";
import { rawText as rawTextPlugin } from "./raw-text.mjs";
import { scriptTagBundle } from "./script-tag.mjs";
import { typePrelude } from "./type-prelude.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const target = "es2022";
/**
 * Script-tag bundle budget, min + gzip: OPERATIONS.md ("What stays true": with everything,
 * <= 18 KB). The earlier 16 KB of BENCHMARKS.md W4 predates the hardening and the operations
 * layer. Where the bytes go: node tools/bundle-report.mjs.
 */
const iifeBudget = 18 * 1024;

/** Package entry name (dist/<name>.js) -> source file. */
const entries = {
  index: "src/index.ts",
  upstash: "adapters/upstash/index.ts",
  cloudflare: "adapters/cloudflare/index.ts",
  "cloudflare/durable": "adapters/cloudflare/durable.ts",
  "web-locks": "adapters/web-locks/index.ts",
  hono: "adapters/hono/index.ts",
  "deno-kv": "adapters/deno-kv/index.ts",
  redis: "adapters/redis/index.ts",
};

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
/** Packages stay imports in the ESM build; the user's bundler or runtime resolves them. */
const external = [
  ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies }),
  "cloudflare:*",
];

/** isocron/hono's `?raw` imports of its dashboard assets (tools/raw-text.mjs). */
const rawText = rawTextPlugin(root);

const present = {};
for (const [name, source] of Object.entries(entries)) {
  if (existsSync(join(root, source))) present[name] = source;
  else console.warn(`build: skipping "${name}": ${source} does not exist yet`);
}

rmSync(dist, { recursive: true, force: true });

// ESM: one build for every entry, so the core shared by adapters lives in one chunk and
// `instanceof SchedulerError` holds across `isocron` and `isocron/<adapter>`.
if (Object.keys(present).length > 0) {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(present).map(([name, source]) => [name, source])),
    outdir: dist,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target,
    external,
    chunkNames: "chunks/[name]-[hash]",
    plugins: [rawText],
    logLevel: "warning",
  });
}

// Script tag: the whole core, exposed as the global `isocron` (see tools/script-tag.mjs).
if (present.index) {
  writeFileSync(join(dist, "isocron.iife.js"), (await scriptTagBundle(root)).code);
  writeFileSync(
    join(dist, "isocron.iife.d.ts"),
    [
      "// Types for the script-tag bundle, which defines the global `isocron`.",
      "// Use with: /// <reference types=\"isocron/iife\" />",
      'import type * as Isocron from "./index.js";',
      "declare global {",
      "  var isocron: typeof Isocron;",
      "}",
      "export {};",
      "",
    ].join("\n"),
  );
}

// Declarations: tsc writes one .d.ts per source file into a scratch directory; each entry then
// gets one bundled .d.ts next to its .js, and each .js names it for Deno (`@ts-self-types`),
// which otherwise finds no types for a plain JavaScript file imported by path.
// `--no-types` skips them (quick rebuilds while the sources do not type-check yet).
if (!process.argv.includes("--no-types")) {
  const scratch = mkdtempSync(join(tmpdir(), "isocron-types-"));
  try {
    const tsc = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json", "--outDir", scratch], {
      cwd: root,
      stdio: "inherit",
    });
    if (tsc.status !== 0) {
      console.error("build: tsc failed");
      process.exit(1);
    }
    const bundles = bundleDeclarations(
      scratch,
      Object.keys(present).map((name) => ({
        name,
        file: present[name].replace(/\.ts$/, ".d.ts"),
        deps: name === "index" ? [] : name === "cloudflare/durable" ? ["index", "cloudflare"] : ["index"],
      })),
    );
    for (const [name, text] of bundles) {
      writeFileSync(join(dist, `${name}.d.ts`), typePrelude(name, text));
      const js = join(dist, `${name}.js`);
      const base = name.slice(name.lastIndexOf("/") + 1);
      writeFileSync(js, `/* @ts-self-types="./${base}.d.ts" */\n${readFileSync(js, "utf8")}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await printSizes();

/** Minified size of one entry with the core and packages left out, as a bundler would see it. */
async function minifiedEntry(source, { coreExternal }) {
  const srcDir = join(root, "src") + sep;
  const coreAsImport = {
    name: "core-as-import",
    setup(b) {
      b.onResolve({ filter: /^\.{1,2}\// }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        return coreExternal && path.startsWith(srcDir) ? { path: "isocron", external: true } : undefined;
      });
    },
  };
  const result = await build({
    absWorkingDir: root,
    entryPoints: [source],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target,
    minify: true,
    legalComments: "none",
    external,
    plugins: [coreAsImport, rawText],
    logLevel: "silent",
  });
  return result.outputFiles[0].contents;
}

async function printSizes() {
  const rows = [];
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const row = (label, bytes) => rows.push([label, kb(bytes.length), kb(gzipSync(bytes, { level: 9 }).length)]);
  let iifeGz = 0;
  if (present.index) {
    const iife = readFileSync(join(dist, "isocron.iife.js"));
    iifeGz = gzipSync(iife, { level: 9 }).length;
    row("isocron.iife.js (script tag)", iife);
    row("isocron (ESM)", await minifiedEntry(present.index, { coreExternal: false }));
  }
  for (const [name, source] of Object.entries(present)) {
    if (name === "index") continue;
    row(`isocron/${name} (core and packages external)`, await minifiedEntry(source, { coreExternal: true }));
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${"entry".padEnd(width)}  ${"min".padStart(8)}  ${"min+gz".padStart(8)}`);
  for (const [label, min, gz] of rows) console.log(`${label.padEnd(width)}  ${min.padStart(8)}  ${gz.padStart(8)}`);
  if (present.index) {
    const verdict = iifeGz <= iifeBudget ? "within" : "OVER";
    console.log(`script-tag bundle: ${kb(iifeGz)} (${iifeGz} B) min+gz, ${verdict} the ${kb(iifeBudget)} (${iifeBudget} B) budget`);
  }
  console.log(`build: wrote ${relative(root, dist)}/ (${Object.keys(present).join(", ") || "nothing"})`);
}
