// One benchmark child: one peer, one workload, reporting to bench/run.mjs over IPC.
// argv: <peer id> <workload module> <params as JSON>
const [peerId, workloadId, paramsJson] = process.argv.slice(2);
const send = (message) => new Promise((resolve) => process.send(message, () => resolve()));

try {
  const peerModule = await import(`./peers/${peerId}.mjs`);
  const workload = await import(`./workloads/${workloadId}.mjs`);
  const progress = (data) => void process.send({ type: "progress", ...data });
  const result = await workload.run({ peerModule, params: JSON.parse(paramsJson), progress });
  await send({ type: "result", result });
} catch (error) {
  await send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
// Some peers keep timers or handles alive after stop(); the result is in, so leave now.
process.exit(0);
