/** Raw HTTP requests for hostile-input tests: the path goes out unnormalised, any bytes as body and headers. */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: { error?: { code: string; message: string; field?: string } } & Record<string, unknown> | undefined;
}

export function rawRequest(baseUrl: string, method: string, path: string, options: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, method, path, headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RawResponse['json'];
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode!, headers: response.headers, text, json });
      });
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** `{"a": [[[…]]]}` nested `depth` levels. */
export const deeplyNested = (depth: number, open = '[', close = ']') => `{"a":${open.repeat(depth)}${close.repeat(depth)}}`;
