/**
 * `npm run bench [-- --quick] [-- --only=ingest,fanout,…] [-- --cpu-prof]`: starts everything itself on loopback,
 * runs each scenario for a fixed time, prints one markdown table and writes bench/results/*.json.
 */
import { benchOptions } from './benchOptions.ts';
import { machineSummary, markdownTable, writeResults, type Figure } from './report.ts';
import { fanoutScenario } from './scenarios/fanout.ts';
import { footprintScenario } from './scenarios/footprint.ts';
import { hostIsolationScenario } from './scenarios/hostIsolation.ts';
import { ingestScenario } from './scenarios/ingest.ts';
import { recoveryScenario } from './scenarios/recovery.ts';
import { zapierIntakeScenario } from './scenarios/zapierIntake.ts';

const options = benchOptions(process.argv.slice(2));
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const scenarios: [string, (o: typeof options) => Promise<{ figures: Figure[]; details: Record<string, unknown> }>][] = [
  ['ingest', ingestScenario],
  ['fanout', fanoutScenario],
  ['recovery', recoveryScenario],
  ['footprint', footprintScenario],
  ['hostIsolation', hostIsolationScenario],
  ['zapierIntake', zapierIntakeScenario],
];

const started = performance.now();
const figures: Figure[] = [];
const details: Record<string, unknown> = {};
console.error(`bench${options.quick ? ' --quick' : ''} on ${JSON.stringify(machineSummary())}`);
for (const [name, scenario] of scenarios) {
  if (only && !only.includes(name)) continue;
  console.error(`${name}…`);
  const scenarioStarted = performance.now();
  try {
    const result = await scenario(options);
    figures.push(...result.figures);
    details[name] = result.details;
  } catch (error) {
    // A bench never fails the build: a broken scenario is reported, the others still run.
    console.error(`${name} failed: ${(error as Error).stack}`);
    details[name] = { error: (error as Error).message };
  }
  console.error(`${name} took ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s`);
}
const seconds = (performance.now() - started) / 1000;
const file = writeResults(figures, details, { quick: options.quick, seconds });
console.log(markdownTable(figures));
console.log(`\n${options.quick ? 'Quick run' : 'Full run'} in ${seconds.toFixed(0)} s; JSON: ${file}`);
process.exit(0);
