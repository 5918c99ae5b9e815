/** Turns what went wrong talking to the relay into a message a no-code user can act on. */

interface RelayErrorBody {
  error?: { code?: string; message?: string; field?: string };
}

function relayMessage(content: string): string | undefined {
  try {
    const body = JSON.parse(content) as RelayErrorBody;
    return typeof body.error?.message === 'string' ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}

export function relayStatusMessage(baseUrl: string, status: number, content: string): string {
  const detail = relayMessage(content);
  if (status === 401 || status === 403) {
    return `The relay at ${baseUrl} rejected the API key. Copy the key again (on the relay's machine, \`npm run relay -- keys\` prints it) and reconnect.`;
  }
  if (status === 404 && !detail) {
    return `${baseUrl} answered, but it is not an Ultimate Multisite relay (no /v1 API there). Check the Relay URL: it is the address the relay is reachable at, like https://relay.example.com.`;
  }
  if (status === 429) return `The relay at ${baseUrl} is busy (HTTP 429)${detail ? `: ${detail}` : ''}. Zapier will try again later.`;
  if (status >= 500) return `The relay at ${baseUrl} had a problem (HTTP ${status})${detail ? `: ${detail}` : ''}. Check the relay's logs.`;
  return `The relay at ${baseUrl} refused the request (HTTP ${status})${detail ? `: ${detail}` : ''}.`;
}

export function unreachableMessage(baseUrl: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Could not reach the relay at ${baseUrl} (${reason}). Check the Relay URL, and that the relay is running and reachable from the internet.`;
}

export function notJsonMessage(baseUrl: string): string {
  return `${baseUrl} answered, but not like an Ultimate Multisite relay (the answer is not JSON). Check the Relay URL.`;
}
