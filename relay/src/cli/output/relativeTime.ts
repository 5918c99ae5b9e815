/** "just now", "42 s ago", "5 min ago", "in 3 h", "2 days ago": how long ago (or until) a moment, read at a glance. */
export function relativeTime(at: string | number | null, now: number = Date.now()): string {
  if (at === null) return 'never';
  const time = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(time)) return String(at);
  const delta = time - now;
  const span = Math.abs(delta);
  if (span < 1000) return 'just now';
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  const [size, unit] = units.find(([unitSize]) => span >= unitSize)!;
  const count = Math.floor(span / size);
  const text = unit === 'day' ? `${count} day${count === 1 ? '' : 's'}` : `${count} ${unit}`;
  return delta < 0 ? `${text} ago` : `in ${text}`;
}
