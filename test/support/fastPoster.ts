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
  // FIFO keeps every pooled socket busy, so none sits idle until the server's keep-alive timeout closes it.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'fifo' });
  const post = (url: string, payload: Buffer, retried = false): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        // The keep-alive race Node's docs describe: the server closed an idle socket just as it was reused, so
        // the request never reached it; sending it again on a fresh socket cannot duplicate it.
        if (request.reusedSocket && error.code === 'ECONNRESET' && !retried) post(url, payload, true).then(resolve, reject);
        else reject(error);
      });
      request.end(payload);
    });
  return {
    post: (url, body) => post(url, Buffer.from(JSON.stringify(body))),
    close: () => agent.destroy(),
  };
}
