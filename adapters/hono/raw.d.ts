// A file imported with `?raw` is its text: Vite (vitest) reads such imports natively, and
// tools/build.mjs gives esbuild the same rule, so dist/hono.js embeds the dashboard's assets.
declare module "*?raw" {
  const text: string;
  export default text;
}
