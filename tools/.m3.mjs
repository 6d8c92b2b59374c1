import { scriptTagBundle } from "./script-tag.mjs";
import { gzipSync } from "node:zlib";
const g = (x) => gzipSync(x, { level: 9 }).length;
for (const extra of [{}, { target: "esnext" }, { target: "es2020" }, { minifySyntax: true, treeShaking: true, ignoreAnnotations: true }]) {
  console.log(JSON.stringify(extra), g((await scriptTagBundle(process.cwd(), extra)).code));
}
