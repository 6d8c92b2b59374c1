// Runs one workload in this process (no child, no IPC) so it can be profiled, e.g.
//   node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.mjs isocron w1 '{"jobs":10000,"seconds":5}'
// isocron is bundled from src/ first (not minified, so profiles name the source functions),
// unless ISOCRON_BUNDLE already names a bundle (e.g. of a patched copy of src/).
import { bundleIsocron } from "./lib/isocron-bundle.mjs";

const [peerId = "isocron", workloadId = "w1", paramsJson = '{"jobs":10000,"seconds":5}'] = process.argv.slice(2);
const bundle = peerId === "isocron" && !process.env.ISOCRON_BUNDLE ? await bundleIsocron() : null;
if (bundle) process.env.ISOCRON_BUNDLE = bundle.file;
try {
  const peerModule = await import(`./peers/${peerId}.mjs`);
  const workload = await import(`./workloads/${workloadId}.mjs`);
  const result = await workload.run({ peerModule, params: JSON.parse(paramsJson), progress: () => {} });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await bundle?.dispose();
}
