/**
 * Ultimate Multisite writes dates as "2025-12-31 23:59:59", with no time zone. Zapier wants ISO-8601 with an
 * offset. The plugin's models save their dates in UTC (`wu_get_current_time('mysql', true)`, WordPress's GMT time),
 * so UTC is the default; a network whose dates are local times names its zone in the connection ("Network Time
 * Zone", an IANA name).
 */
const pluginDateTime = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Minutes the zone is ahead of UTC at the instant `utcMs`. */
function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  const wallAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((wallAsUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** Throws when `timeZone` is not a zone name the runtime knows (checked when the connection is tested). */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}

/** "2025-12-31 23:59:59" → "2025-12-31T23:59:59+00:00"; a date alone stays a date; empty and zero dates → null. */
export function isoDate(value: unknown, timeZone = 'UTC'): string | null {
  if (typeof value !== 'string' || !value.trim() || value.startsWith('0000-00-00')) return null;
  const match = pluginDateTime.exec(value.trim());
  if (!match) {
    // Already ISO with a zone (a newer plugin or an add-on), or free text we must not invent a date for.
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(value.trim()) ? value : new Date(parsed).toISOString();
  }
  const [, year, month, day, hour, minute, second] = match;
  if (hour === undefined) return `${year}-${month}-${day}`;
  const wallAsUtc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0));
  // The offset at that wall time: guess with the offset at the same instant in UTC, then correct once (DST edges).
  const offset = zoneOffsetMinutes(timeZone, wallAsUtc - zoneOffsetMinutes(timeZone, wallAsUtc) * 60_000);
  return `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${offsetText(offset)}`;
}
