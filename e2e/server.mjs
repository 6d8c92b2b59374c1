#!/usr/bin/env node
// A tiny loopback static server for the browser tests: / is e2e/pages/, /dist/ is the built
// package, /node_modules/croner/ lets the ESM page map the bare "croner" import.
// Usage: node e2e/server.mjs [port]   (default $E2E_PORT or 47193)
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.argv[2] ?? process.env.E2E_PORT ?? 47193);
const mounts = [
  ["/dist/", join(root, "dist")],
  ["/node_modules/croner/", join(root, "node_modules", "croner")],
  ["/", join(root, "e2e", "pages")],
];
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
};

/** Maps a URL path to a file inside one mount, or null (never outside the mount). */
function locate(pathname) {
  for (const [prefix, dir] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, decodeURIComponent(pathname.slice(prefix.length)) || "index.html"));
    if (!file.startsWith(dir + sep) && file !== dir) return null;
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }
  return null;
}

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  const file = locate(pathname);
  if (file === null) {
    res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${pathname}`);
    return;
  }
  res.writeHead(200, {
    "content-type": types[extname(file)] ?? "application/octet-stream",
    "cache-control": "no-store",
  });
  createReadStream(file).pipe(res);
});

server.listen(port, "127.0.0.1", () => console.log(`e2e server on http://127.0.0.1:${port}/`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
