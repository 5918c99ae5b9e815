/** The value rules behind every item field: plugin dates, amounts, flags, names, addresses and avatars. */
import { describe, expect, it } from 'vitest';
import { avatarUrl } from '../../connector/src/items/values/avatarUrl.ts';
import { billingAddress } from '../../connector/src/items/values/billingAddress.ts';
import { personName } from '../../connector/src/items/values/personName.ts';
import { isoDate } from '../../connector/src/items/values/pluginDate.ts';
import { amount, amountFromFormatted } from '../../connector/src/items/values/pluginMoney.ts';
import { boolean, integer } from '../../connector/src/items/values/scalars.ts';

describe('plugin values', () => {
  it('dates: ISO-8601 with the offset of the chosen zone, daylight saving included', () => {
    expect(isoDate('2025-12-31 23:59:59')).toBe('2025-12-31T23:59:59+00:00');
    expect(isoDate('2026-01-15 10:00:00', 'Europe/Berlin')).toBe('2026-01-15T10:00:00+01:00');
    expect(isoDate('2026-07-15 10:00:00', 'Europe/Berlin')).toBe('2026-07-15T10:00:00+02:00');
    expect(isoDate('2026-07-15 10:00:00', 'America/Sao_Paulo')).toBe('2026-07-15T10:00:00-03:00');
    expect(isoDate('2026-07-15 10:00:00', 'Asia/Kolkata')).toBe('2026-07-15T10:00:00+05:30');
    expect(isoDate('2026-07-15')).toBe('2026-07-15');
    expect(isoDate('2026-07-15T10:00:00Z')).toBe('2026-07-15T10:00:00.000Z');
    for (const empty of ['', null, undefined, '0000-00-00 00:00:00']) expect(isoDate(empty)).toBeNull();
    expect(isoDate('next Tuesday')).toBe('next Tuesday');
  });

  it('amounts: the raw number when sent, else read from the formatted text in either notation', () => {
    expect(amount(29.9, '$ 29.90')).toBe(29.9);
    expect(amount('29.90', '$ 29.90')).toBe(29.9);
    expect(amount(undefined, '$ 1,234.50')).toBe(1234.5);
    expect(amountFromFormatted('1.234,50 €')).toBe(1234.5);
    expect(amountFromFormatted('R$ 1.234')).toBe(1234);
    expect(amountFromFormatted('Free!')).toBeNull();
  });

  it('ids and flags', () => {
    expect(integer('3')).toBe(3);
    expect(integer(5)).toBe(5);
    expect(integer('')).toBeNull();
    expect(integer('aff_8')).toBe('aff_8');
    expect([boolean('true'), boolean('false'), boolean('1'), boolean('0'), boolean(true), boolean(null)]).toEqual([true, false, true, false, true, null]);
  });

  it('names: first word first, the rest last', () => {
    expect(personName('Jane Cooper')).toEqual({ first: 'Jane', last: 'Cooper' });
    expect(personName('Ana Maria de Souza')).toEqual({ first: 'Ana', last: 'Maria de Souza' });
    expect(personName('custbe7894')).toEqual({ first: 'custbe7894', last: null });
    expect(personName('')).toEqual({ first: null, last: null });
  });

  it('billing address: company and email, then street and the rest, by position', () => {
    expect(billingAddress('Company Co.\ncompany@co.dev')).toEqual({ company: 'Company Co.', email: 'company@co.dev', street: null, locality: null });
    expect(billingAddress('Cooper Design Studio\njane@example.com\n12 Harbour Street\nBristol\nBS1 4QA\nGB')).toEqual({ company: 'Cooper Design Studio', email: 'jane@example.com', street: '12 Harbour Street', locality: 'Bristol, BS1 4QA, GB' });
    expect(billingAddress('custbe7894\ncustbe7894@example.com')).toMatchObject({ company: 'custbe7894', email: 'custbe7894@example.com' });
    expect(billingAddress('')).toEqual({ company: null, email: null, street: null, locality: null });
  });

  it('avatar: the src of WordPress’s <img>, entities decoded', () => {
    const html = "<img alt='' src='https://secure.gravatar.com/avatar/abc?s=40&#038;d=identicon&#038;r=g' srcset='https://secure.gravatar.com/avatar/abc?s=80 2x' class='avatar'/>";
    expect(avatarUrl(html)).toBe('https://secure.gravatar.com/avatar/abc?s=40&d=identicon&r=g');
    expect(avatarUrl('')).toBeNull();
    expect(avatarUrl('https://cdn.example/a.png')).toBe('https://cdn.example/a.png');
  });
});
