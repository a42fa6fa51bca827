// Command-line options and the size of each phase (full run vs --quick smoke run).
import { parseArgs } from "node:util";
import { DEFAULT_SCENARIOS, SCENARIO_NAMES } from "./scenarios.mjs";

const FULL = {
  warmup: { c16: 1500, c1: 200, streams: 30 },
  throughput: { concurrency: 16, rounds: 4, perRound: 2500, capMs: 30_000 },
  latency: { rounds: 12, perRound: 250, capMs: 20_000 },
  ttfb: { rounds: 10, perRound: 25, capMs: 20_000 },
};

const QUICK = {
  warmup: { c16: 200, c1: 20, streams: 3 },
  throughput: { concurrency: 16, rounds: 2, perRound: 400, capMs: 5_000 },
  latency: { rounds: 4, perRound: 30, capMs: 5_000 },
  ttfb: { rounds: 3, perRound: 5, capMs: 5_000 },
};

export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      scenario: { type: "string", default: "all" },
      "no-pin": { type: "boolean", default: false },
      worker: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      `usage: npm run bench -- [--quick] [--scenario ${SCENARIO_NAMES.join("|")}[,...]|all] [--no-pin] [--worker OTHER_BUILD.js (A/B against dist/worker.js in the same run)]`,
    );
    process.exit(0);
  }
  // One name, several joined by commas (run side by side in one run), or all.
  const scenarios = values.scenario === "all" ? DEFAULT_SCENARIOS : values.scenario.split(",");
  if (!scenarios.every((n) => SCENARIO_NAMES.includes(n))) {
    console.error(`unknown --scenario "${values.scenario}"; expected one of ${[...SCENARIO_NAMES, "all"].join(", ")}`);
    process.exit(2);
  }
  return {
    quick: values.quick,
    scenarios,
    pin: !values["no-pin"],
    worker: values.worker,
    sizes: values.quick ? QUICK : FULL,
  };
}
