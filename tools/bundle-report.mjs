#!/usr/bin/env node
// Where the script-tag bundle's bytes come from: builds dist/isocron.iife.js's bytes in memory
// as build.mjs does (tools/script-tag.mjs), then prints each source file's share of the
// minified output (esbuild metafile `bytesInOutput`), largest first, and an estimate of its
// gzipped share (the file's output gzipped alone; gzip of the whole is smaller, as files share
// words, so the column sums to more than the total).
// Usage: node tools/bundle-report.mjs [--top N]
import { build } from "esbuild";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { scriptTagBundle } from "./script-tag.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const topArg = process.argv.indexOf("--top");
const top = topArg > 0 ? Number(process.argv[topArg + 1]) : Infinity;

const { code, metafile } = await scriptTagBundle(root);
const output = Buffer.from(code);
const inputs = Object.values(metafile.outputs)[0].inputs;

// Per-file gzip estimate: minify each file on its own (no bundling) and gzip that.
const rows = [];
for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
  const alone = await build({
    absWorkingDir: root, entryPoints: [file], write: false, format: "esm", target: "es2022", minify: true, legalComments: "none", logLevel: "silent",
  });
  rows.push({ file, min: bytesInOutput, gz: gzipSync(alone.outputFiles[0].contents, { level: 9 }).length });
}
rows.sort((a, b) => b.min - a.min);

const kb = (n) => (n / 1024).toFixed(2).padStart(6);
const width = Math.max(...rows.map((r) => r.file.length), 5);
console.log(`${"file".padEnd(width)}  ${"min KB".padStart(6)}  ${"gz~ KB".padStart(6)}  share`);
const total = rows.reduce((s, r) => s + r.min, 0);
for (const r of rows.slice(0, top)) {
  console.log(`${r.file.padEnd(width)}  ${kb(r.min)}  ${kb(r.gz)}  ${((100 * r.min) / total).toFixed(1).padStart(5)} %`);
}
console.log(`${"total".padEnd(width)}  ${kb(output.length)}  ${kb(gzipSync(output, { level: 9 }).length)}  (whole bundle, min and min+gz)`);
