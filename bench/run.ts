/**
 * `npm run bench`: runs every benchmark and prints one JSON object per figure. Benchmarks are
 * not tests: they assert nothing about time; they print figures for the README's Performance
 * section. Select some with `npm run bench -- renderer-start`.
 */
import { deployOrchestrationBench } from './deploy-orchestration';
import { lifecycleOperationsBench } from './lifecycle-operations';
import { logPipelineBench } from './log-pipeline';
import { rendererStartBench } from './renderer-start';

const benches: Record<string, () => Promise<void>> = {
  'deploy-orchestration': deployOrchestrationBench,
  'lifecycle-operations': lifecycleOperationsBench,
  'log-pipeline': logPipelineBench,
  'renderer-start': rendererStartBench,
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(benches);
for (const name of names) {
  const run = benches[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  await run();
}
