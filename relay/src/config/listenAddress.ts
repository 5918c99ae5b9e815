/**
 * The address the relay listens on, said truthfully: loopback by default (a first run with a freshly printed key
 * is not reachable from other machines), every interface only when RELAY_HOST asks for it.
 */
const everyInterface = new Set(['0.0.0.0', '::']);

/** http://HOST:PORT as a process on this machine reaches the relay (127.0.0.1 when it listens on every interface). */
export function localUrl(host: string, port: number): string {
  const local = everyInterface.has(host) ? '127.0.0.1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

/** One phrase for the banner: what is bound, and who can reach it. */
export function describeListening(host: string, port: number): string {
  if (everyInterface.has(host)) return `every interface (${host}, port ${port}; on this machine ${localUrl(host, port)}): other machines can reach it`;
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') return `${localUrl(host, port)} (this machine only; RELAY_HOST=0.0.0.0 to accept other machines)`;
  return localUrl(host, port);
}
