// One process of bench/instructions.mjs: `batches` batches of W1's dispatch (bench/lib/manual-w1.mjs). No output.
//   node bench/lib/dispatch-child.mjs <bundle.mjs> <historySize | -> <batches> [jobs]
import { pathToFileURL } from "node:url";
import { manualW1 } from "./manual-w1.mjs";

const [bundle, history, batches, jobs = "10000"] = process.argv.slice(2);
const { tick } = manualW1(await import(pathToFileURL(bundle).href), history, Number(jobs));
for (let b = 0; b < Number(batches); b++) tick();
