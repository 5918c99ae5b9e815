import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawJsonMember } from '../../../relay/src/api/rawJsonMember.ts';

describe('rawJsonMember', () => {
  it('returns the exact text of a member, big numbers and escapes untouched', () => {
    const text = '{ "event" : "payment_received", "payload" : {"id":12345678901234567890,"s":"a\\"}b\\u00fc","n":[1,{"x":"]"}]} , "id":"42"}';
    expect(rawJsonMember(text, 'payload')).toBe('{"id":12345678901234567890,"s":"a\\"}b\\u00fc","n":[1,{"x":"]"}]}');
    expect(rawJsonMember(text, 'id')).toBe('"42"');
    expect(rawJsonMember(text, 'missing')).toBeNull();
  });

  it('takes the last of repeated keys, as JSON.parse does', () => {
    expect(rawJsonMember('{"payload":{"a":1},"payload":{"b":2}}', 'payload')).toBe('{"b":2}');
  });

  it('agrees with JSON.parse on any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), fc.constantFrom('', ' ', '\n\t '), (rest, payload, space) => {
        const text = JSON.stringify({ ...rest, payload }, null, space);
        const raw = rawJsonMember(text, 'payload');
        expect(JSON.parse(raw!)).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
      { numRuns: 300 },
    );
  });
});
