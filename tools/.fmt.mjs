import { build } from "esbuild";
const r = await build({ absWorkingDir: process.cwd(), entryPoints: ["src/index.ts"], bundle: true, write: false, platform: "browser", target: "es2022", minifySyntax: true, minifyIdentifiers: true, legalComments: "none", logLevel: "silent", format: "esm" });
process.stdout.write(r.outputFiles[0].text);
