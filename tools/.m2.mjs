import { scriptTagBundle } from "./script-tag.mjs";
import { gzipSync } from "node:zlib";
const g = (x) => gzipSync(x, { level: 9 }).length;
const base = (await scriptTagBundle(process.cwd())).code;
const names = process.argv[2];
const m = (await scriptTagBundle(process.cwd(), { mangleProps: new RegExp(`^(_.*|${names})$`) })).code;
console.log(g(base), g(m), g(base) - g(m));
