#!/usr/bin/env node
// Where the script-tag bundle's bytes come from. Builds dist/isocron.iife.js's bytes in memory
// as build.mjs does (tools/script-tag.mjs) and prints, per source file, largest first:
//   min KB  its share of the minified output (esbuild metafile `bytesInOutput`)
//   gz B    what it adds to the min+gz size: the bundle gzipped without that file's output
//           (found through the source map) subtracted from the whole. gzip shares words across
//           files, so this is what removing or shrinking the file can save, at most.
// Usage: node tools/bundle-report.mjs [--top N]
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { scriptTagBundle } from "./script-tag.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const topArg = process.argv.indexOf("--top");
const top = topArg > 0 ? Number(process.argv[topArg + 1]) : Infinity;
const gz = (text) => gzipSync(text, { level: 9 }).length;

const { code, metafile, esm, map } = await scriptTagBundle(root, { sourcemap: "external" });
const inputs = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined).inputs;

/** For each output line, the index in `map.sources` of the file each character came from (-1: none). */
function owners(text, mappings) {
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const lines = text.split("\n");
  let source = 0;
  return lines.map((line, i) => {
    const owner = new Int32Array(line.length).fill(-1);
    const points = [];
    let column = 0;
    for (const segment of (mappings.split(";")[i] ?? "").split(",")) {
      if (segment === "") continue;
      const values = [];
      let shift = 0;
      let value = 0;
      for (const ch of segment) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      points.push([column, values.length > 1 ? source : -1]);
    }
    points.forEach(([from, src], k) => owner.fill(src, from, k + 1 < points.length ? points[k + 1][0] : line.length));
    return [line, owner];
  });
}

const lines = owners(esm, map.mappings);
const whole = gz(esm);
const withoutSource = (index) => lines.map(([line, owner]) => [...line].filter((_, k) => owner[k] !== index).join("")).join("\n");
const rows = Object.entries(inputs).map(([file, { bytesInOutput }]) => {
  const index = map.sources.findIndex((s) => resolve(root, s) === resolve(root, file) || s.endsWith(file));
  return { file, min: bytesInOutput, gz: index < 0 ? 0 : whole - gz(withoutSource(index)) };
});
rows.sort((a, b) => b.gz - a.gz || b.min - a.min);

const width = Math.max(...rows.map((r) => r.file.length), 5);
console.log(`${"file".padEnd(width)}  ${"min KB".padStart(6)}  ${"gz B".padStart(5)}`);
for (const r of rows.slice(0, top)) {
  console.log(`${r.file.padEnd(width)}  ${(r.min / 1024).toFixed(2).padStart(6)}  ${String(r.gz).padStart(5)}`);
}
console.log(`${"total".padEnd(width)}  ${(code.length / 1024).toFixed(2).padStart(6)}  ${String(gz(code)).padStart(5)}  (dist/isocron.iife.js, min and min+gz; budget 18,432 B)`);
