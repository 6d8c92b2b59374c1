// W4: minified + gzipped sizes. Runs in the parent (no timing involved): isocron's script-tag
// bundle and adapter entries, built from source the way tools/build.mjs builds them, and each
// peer bundled for the browser the same way.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { rawText } from "../../tools/raw-text.mjs";
import { scriptTagBundle } from "../../tools/script-tag.mjs";
import { root } from "../lib/isocron-bundle.mjs";

const target = "es2022";
const sizes = (bytes) => ({ min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length });
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const packages = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

async function bundle(options) {
  const result = await build({
    absWorkingDir: root, bundle: true, write: false, target, minify: true, legalComments: "none",
    logLevel: "silent", metafile: true, ...options,
  });
  const file = result.outputFiles[0];
  // Node built-ins left as imports: the bundle would not run in a browser as is.
  const nodeImports = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && nodeBuiltins.includes(i.path))
    .map((i) => i.path);
  return { ...sizes(file.contents), nodeImports: [...new Set(nodeImports)] };
}

/** An adapter entry as a bundler sees it: isocron's core and npm packages stay imports. */
const coreAsImport = {
  name: "core-as-import",
  setup(b) {
    const srcDir = join(root, "src") + sep;
    b.onResolve({ filter: /^\.{1,2}\// }, (args) =>
      resolve(args.resolveDir, args.path).startsWith(srcDir) ? { path: "isocron", external: true } : undefined,
    );
  },
};

export async function run({ peers }) {
  const rows = [];
  if (peers.includes("isocron")) {
    // Built exactly as tools/build.mjs builds dist/isocron.iife.js (one wrapper, no IIFE helpers).
    const { code } = await scriptTagBundle(root);
    rows.push({ peer: "isocron", entry: "script tag (src/index.ts, dependencies inside)", ...sizes(Buffer.from(code)), nodeImports: [] });
    const built = join(root, "dist/isocron.iife.js");
    if (existsSync(built)) rows.push({ peer: "isocron", entry: "dist/isocron.iife.js (npm run build)", ...sizes(readFileSync(built)) });
    for (const name of readdirSync(join(root, "adapters")).sort()) {
      const source = `adapters/${name}/index.ts`;
      if (!existsSync(join(root, source))) continue;
      rows.push({
        peer: "isocron", entry: `isocron/${name} (core and packages external)`,
        ...(await bundle({ entryPoints: [source], format: "esm", platform: "neutral", external: [...packages, "cloudflare:*"], plugins: [coreAsImport, rawText(root)] })),
      });
    }
  }
  for (const peer of peers.filter((p) => p !== "isocron")) {
    const version = JSON.parse(readFileSync(join(root, "node_modules", peer, "package.json"), "utf8")).version;
    const stdin = { contents: `export * from ${JSON.stringify(peer)};`, resolveDir: root, loader: "js" };
    rows.push({
      peer, version, entry: `${peer} (whole package, dependencies inside)`,
      ...(await bundle({ stdin, format: "iife", globalName: "peer", platform: "browser", external: nodeBuiltins })),
    });
  }
  return { rows };
}
