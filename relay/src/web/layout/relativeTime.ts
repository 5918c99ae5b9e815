/** "3 min ago", "in 2 h": how long ago (or until) a moment, in the units a person reads at a glance. */
const units: [limitMs: number, sizeMs: number, unit: string][] = [
  [60_000, 1000, 's'],
  [3_600_000, 60_000, 'min'],
  [86_400_000, 3_600_000, 'h'],
  [Infinity, 86_400_000, 'd'],
];

export function relativeTime(ms: number, now: number): string {
  const delta = ms - now;
  const distance = Math.abs(delta);
  if (distance < 1000) return 'just now';
  const [, size, unit] = units.find(([limit]) => distance < limit)!;
  const amount = Math.floor(distance / size);
  return delta < 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}

/** A duration without direction: "4 min", "2 h". */
export function durationText(ms: number): string {
  if (ms < 1000) return 'under 1 s';
  const [, size, unit] = units.find(([limit]) => ms < limit)!;
  return `${Math.floor(ms / size)} ${unit}`;
}

export const utcText = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
