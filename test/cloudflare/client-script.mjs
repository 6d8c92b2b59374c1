// Run by Deno and Bun in runtimes.test.ts: uses the bundled isocron/cloudflare client over HTTP.
// Args: <bundle path> <worker url> <token> <lease name> <instance id> <hold|stop>
const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const [bundle, url, token, name, instanceId, mode] = args;
const { DurableObjectElector } = await import(bundle);
// A short margin: after stop() the lease lasts marginMs more before another instance can take it.
const elector = new DurableObjectElector({ url, token, name, instanceId, ttlMs: 30_000, marginMs: 300, timeoutMs: 10_000 });
const leader = await elector.isLeader();
// "hold" exits still holding the lease (a crashed process); "stop" releases it first.
if (mode === "stop") await elector.stop();
console.log(JSON.stringify({ leader }));
