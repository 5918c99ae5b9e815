/** The one polling helper: state the relay reaches asynchronously, read until it is there (never a fixed sleep). */
export async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, options: { timeoutMs?: number; describe?: (value: T) => string } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${options.describe ? options.describe(value) : JSON.stringify(value)?.slice(0, 800)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls until `read` returns a value (not undefined). */
export const eventually = <T>(read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> =>
  until(read, (value) => value !== undefined, { timeoutMs }) as Promise<T>;
