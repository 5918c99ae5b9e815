/**
 * POSTs JSON over node:http with a keep-alive agent: for load tests, where fetch's own CPU cost on the sending
 * side (undici) would otherwise be the bottleneck and hide what the relay can do. One poster per run, closed
 * after, so no kept-alive socket outlives the relay processes it was talking to.
 */
import http from 'node:http';

export interface Poster {
  post(url: string, body: unknown): Promise<{ status: number; body: string }>;
  close(): void;
}

export function createPoster(): Poster {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return {
    post: (url, body) => {
      const payload = Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
