#!/usr/bin/env node
// Checks the links between README.md and docs/*.md: every relative link names a file that
// exists and, with a #fragment, a heading in it (GitHub's anchor rule). Prints each broken link;
// exits non-zero if there is one. Run by `npm run check:package`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
const anchorsOf = (file) => {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
};

const broken = [];
for (const page of pages) {
  const file = join(root, page);
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    const [path, fragment] = target.split("#");
    const linked = path === "" ? file : resolve(dirname(file), path);
    if (!existsSync(linked)) broken.push(`${page}: ${target}: no such file`);
    else if (fragment !== undefined && linked.endsWith(".md") && !anchorsOf(linked).has(fragment)) {
      broken.push(`${page}: ${target}: no such heading`);
    }
  }
}
for (const line of broken) console.error(`  ${line}`);
console.log(broken.length === 0 ? `  ${pages.length} pages, every link resolves` : `${broken.length} broken link(s)`);
process.exit(broken.length === 0 ? 0 : 1);
