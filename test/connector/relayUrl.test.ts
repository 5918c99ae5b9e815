/** Sign-in: whatever part of the relay's address is pasted becomes its base URL; HTTPS only, except localhost. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/relayCli.ts';
import { relayBaseUrl } from '../../connector/src/relay/relayBaseUrl.ts';
import { app, run } from './support/zapier.ts';

describe('the Relay URL field', () => {
  it('normalises a bare host, the API, the web page and the docs to the relay base', () => {
    const cases: [string, string][] = [
      ['relay.example.com', 'https://relay.example.com'],
      ['https://relay.example.com/', 'https://relay.example.com'],
      ['https://relay.example.com/v1', 'https://relay.example.com'],
      ['https://relay.example.com/v1/events?event=payment_received', 'https://relay.example.com'],
      ['https://relay.example.com/ui', 'https://relay.example.com'],
      ['https://relay.example.com/ui/webhooks/wh_1#log', 'https://relay.example.com'],
      ['https://relay.example.com/docs', 'https://relay.example.com'],
      ['HTTPS://Relay.Example.com:8443/ui/', 'https://relay.example.com:8443'],
      ['https://example.com/relay/ui/events', 'https://example.com/relay'],
      ['  https://relay.example.com//  ', 'https://relay.example.com'],
      ['http://localhost:8787/ui', 'http://localhost:8787'],
      ['http://127.0.0.1:8787/v1/', 'http://127.0.0.1:8787'],
    ];
    for (const [typed, base] of cases) expect(relayBaseUrl(typed), typed).toBe(base);
  });

  it('refuses plain http anywhere but localhost, other schemes, and what is not an address', () => {
    expect(() => relayBaseUrl('http://relay.example.com')).toThrow(/use https:\/\/ \(http:\/\/ is only accepted for localhost\)/);
    expect(() => relayBaseUrl('http://10.0.0.5:8787')).toThrow(/use https/);
    expect(() => relayBaseUrl('ftp://relay.example.com')).toThrow(/use https/);
    expect(() => relayBaseUrl('')).toThrow(/enter the address/);
    expect(() => relayBaseUrl('https://exa mple.com')).toThrow(/is not a web address/);
  });

  it('the connection test says so before any request is made', async () => {
    await expect(run(app.authentication!.test, { authData: { relay_url: 'http://relay.example.com', api_key: 'rk_x' } })).rejects.toThrow(/Relay URL: use https:\/\//);
  });

  it('the help texts say where the API key is found and that https is needed', () => {
    const [url, key] = app.authentication!.fields!;
    expect(url.helpText).toMatch(/HTTPS address/);
    expect(key.helpText).toMatch(/npm run relay -- keys/);
  });

  it("the API key's help links to the README's Zapier section where package.json's homepage publishes it (Zapier check D002)", () => {
    const { homepage } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'connector/package.json'), 'utf8')) as { homepage: string };
    expect(homepage).toMatch(/^https:\/\/\S+#readme$/);
    const key = app.authentication!.fields![1];
    expect(key.helpText).toContain(`[Where to find it](${homepage.replace(/#.*$/, '')}#use-it-in-zapier)`);
    // The anchor is the README's own heading, as GitHub renders it.
    expect(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')).toMatch(/^## Use it in Zapier$/m);
  });
});

describe('the API key help text', () => {
  it('links to the published guide when package.json has a homepage, and says where the key is either way', async () => {
    const { apiKeyHelpText } = await import('../../connector/src/apiKeyHelpText.ts');
    expect(apiKeyHelpText('https://docs.example.com/um-relay')).toMatch(/npm run relay -- keys.*\[Where to find it\]\(https:\/\/docs\.example\.com\/um-relay#use-it-in-zapier\)\.$/);
    expect(apiKeyHelpText(undefined)).toMatch(/npm run relay -- keys` on the relay's machine\.$/);
    expect(apiKeyHelpText('javascript:alert(1)')).not.toMatch(/\]\(/);
  });
});
