/** The bench's output: one markdown table (each figure beside its baseline and the ratio) and a JSON file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  scenario: string;
  measure: string;
  unit: string;
  /** null when it could not be measured (see note). */
  value: number | null;
  baseline?: { name: string; value: number | null };
  /** What the goal is, e.g. "≥ 75 % of Hono ceiling", and whether this run met it. */
  target?: { text: string; met: boolean | null };
  note?: string;
}

export function ratio(figure: Figure): number | null {
  if (figure.value === null || !figure.baseline || figure.baseline.value === null || figure.baseline.value === 0) return null;
  return figure.value / figure.baseline.value;
}

const number = (value: number | null, unit: string) => {
  if (value === null || Number.isNaN(value)) return 'n/a';
  if (unit === 'MB') return value.toFixed(1);
  if (unit === 'ms' || unit === 's' || unit === 'µs') return value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
  return Math.round(value).toLocaleString('en-US');
};

export function markdownTable(figures: Figure[]): string {
  const lines = [
    '| Scenario | Measure | Relay | Baseline | Ratio | Target | Met |',
    '| --- | --- | ---: | --- | ---: | --- | :---: |',
  ];
  for (const figure of figures) {
    const r = ratio(figure);
    const value = figure.value === null ? (figure.note ?? 'n/a') : `${number(figure.value, figure.unit)} ${figure.unit}`;
    const baseline = figure.baseline ? `${figure.baseline.name}: ${number(figure.baseline.value, figure.unit)}` : '';
    const met = figure.target ? (figure.target.met === null ? '–' : figure.target.met ? 'yes' : '**no**') : '';
    lines.push(`| ${figure.scenario} | ${figure.measure} | ${value} | ${baseline} | ${r === null ? '' : `${r.toFixed(2)}×`} | ${figure.target?.text ?? ''} | ${met} |`);
  }
  return lines.join('\n');
}

export function machineSummary() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

export function writeResults(figures: Figure[], details: Record<string, unknown>, options: { quick: boolean; seconds: number }): string {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `bench-${options.quick ? 'quick-' : ''}${stamp}.json`);
  const figuresWithRatios = figures.map((figure) => ({ ...figure, ratio: ratio(figure) }));
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), quick: options.quick, seconds: options.seconds, machine: machineSummary(), figures: figuresWithRatios, details }, null, 2));
  fs.copyFileSync(file, path.join(dir, options.quick ? 'latest-quick.json' : 'latest.json'));
  return file;
}
