// `npm run build`: dist/worker.js (example config embedded), dist/check-config.mjs, dist/passthrough.js (bench),
// and the dashboard's static files in dist/assets (scripts/build-ui.mjs).
import path from "node:path";
import { ROOT, bundleWorker, bundleChecker } from "./bundle.mjs";
import { buildUi } from "./build-ui.mjs";

await bundleWorker({ outfile: path.join(ROOT, "dist/worker.js") });
await bundleChecker(path.join(ROOT, "dist/check-config.mjs"));
await buildUi();
