/**
 * A rate limit as people type it in the CLI and the web form: "30/s", "10000/5m", "30/s, 10000/5m", "none", or
 * blank / "default" for the default. Parsed into the API's rate_limit shape, which the API's rules then check.
 */
import { formatDuration } from '../config/duration.ts';
import type { RateLimitSetting } from '../store/webhookPace.ts';

export type RateLimitInput = null | 'none' | { per_second?: number; per_window?: number; window?: string };

export const rateLimitTextHint = 'like 30/s, 10000/5m or 30/s, 10000/5m; none for no limit; blank or default for the default';

/** The API's rate_limit, or undefined when the text is not one. */
export function parseRateLimitText(text: string): RateLimitInput | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'default') return null;
  if (trimmed === 'none') return 'none';
  const limit: { per_second?: number; per_window?: number; window?: string } = {};
  for (const part of trimmed.split(',').map((item) => item.trim())) {
    const match = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h|d)?$/.exec(part);
    if (!match || (!match[2] && !match[3])) return undefined;
    const window = `${match[2] || '1'}${match[3] ?? 's'}`;
    if (window === '1s') limit.per_second = Number(match[1]);
    else (limit.per_window = Number(match[1]), limit.window = window);
  }
  return limit;
}

/** A setting as typed back: "30/s, 10000/5m", "none", or '' for the default. */
export function rateLimitText(setting: RateLimitSetting): string {
  if (setting === null) return '';
  if (setting === 'none') return 'none';
  return [setting.perSecond ? `${setting.perSecond}/s` : '', setting.perWindow && setting.windowMs ? `${setting.perWindow}/${formatDuration(setting.windowMs)}` : ''].filter(Boolean).join(', ');
}
