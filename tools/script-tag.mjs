// The script-tag bundle (dist/isocron.iife.js): src/index.ts minified as ESM, then wrapped as
// `var isocron=(()=>{...;return{Scheduler:x,...}})();`. The global is a plain object of the
// exports: esbuild's own IIFE format (`globalName`) adds a CommonJS-style namespace (getters,
// `__esModule`, helpers) that costs about 230 bytes min+gz and gives a script tag nothing.
// Property names starting with `_` are internal to the core (a job record's bookkeeping, the
// cron pattern's caches; never a user's option, a public member or a key of user data) and are
// shortened here (`mangleProps`): about 170 bytes min+gz. So are the names in INTERNAL: members of
// the core's own classes and objects (job record, run, executor env, due queue, heap, timers)
// that no public type declares, no user object carries and no built-in has (checked by
// test/bench/script-tag-mangle.test.ts against the built .d.ts): about 150 bytes more.
// The ESM build keeps them as written.
// Last, oxc's minifier (rolldown's `minify`, the global name kept) renames the locals esbuild
// named, most used first, which gzip shares better (about 370 bytes min+gz), and compresses what
// esbuild left (declarations joined, `if`/`return` pairs folded, constants folded: about 60 more). Used by tools/build.mjs and tools/bundle-report.mjs, so both measure the same
// bytes (the report's per-file figures are of the esbuild output, before the renaming).
import { build } from "esbuild";
import { minify } from "rolldown/experimental";

/** Internal property names shortened in the script tag besides `_`-prefixed ones (see above). */
export const INTERNAL = (
  "config record notify hooks host running removed overlapping dueAt scheduled queued current slot settled started ended track " +
  "createdAt done seq live restored peek admit remove expire wake sleep waiting answered failed open arm skipped " +
  "minutesSeconds atTimesNil atTimeNil zeroInterval describe definition names task callback times zone policy cancel renew"
).split(" ");

/**
 * Builds the bundle in memory: `{ code, metafile, esm, map }` (`esm` and `map`, the ESM build
 * before wrapping and its source map, only with `{ sourcemap: "external" }` in `extra`).
 * `root` is the package directory.
 */
export async function scriptTagBundle(root, extra = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["src/index.ts"],
    outfile: "isocron.js",
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    mangleProps: new RegExp(`^(_|(${INTERNAL.join("|")})$)`),
    metafile: true,
    logLevel: "warning",
    ...extra,
  });
  const file = (ext) => result.outputFiles.find((f) => f.path.endsWith(ext));
  const esm = file(".js").text;
  const tail = /export\s*\{([^}]*)\};?\s*$/.exec(esm);
  if (tail === null) throw new Error("script-tag bundle: no export list at the end of the ESM build");
  const exports = tail[1].split(",").map((item) => {
    const [local, exported = local] = item.trim().split(/\s+as\s+/);
    return `${exported}:${local}`;
  });
  const wrapped = `"use strict";var isocron=(()=>{${esm.slice(0, tail.index)}return{${exports.join(",")}}})();\n`;
  const renamed = await minify("isocron.iife.js", wrapped, { compress: { target: "es2022" }, mangle: { toplevel: false } });
  if (renamed.errors.length > 0) throw new Error(`script-tag bundle: oxc could not rename: ${renamed.errors.map((e) => e.message).join("; ")}`);
  const code = renamed.code.endsWith("\n") ? renamed.code : `${renamed.code}\n`;
  if (!code.startsWith('"use strict";var isocron=(')) throw new Error("script-tag bundle: the global isocron was renamed");
  const map = file(".map");
  return { code, metafile: result.metafile, esm, map: map === undefined ? undefined : JSON.parse(map.text) };
}
