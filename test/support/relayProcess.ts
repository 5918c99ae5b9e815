/** Runs the relay as a real child process (`relay start`), so a test can SIGKILL it and start it again. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

const root = path.resolve(import.meta.dirname, '../..');

export async function startRelayProcess(env: Record<string, string>, options: { waitForListening?: boolean } = {}): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', 'start'], {
    cwd: root,
    env: { ...process.env, RELAY_HOST: '127.0.0.1', RELAY_ALLOW_PRIVATE_TARGETS: '1', RELAY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let url = '';
  if (options.waitForListening !== false) {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relay did not start in 20 s:\n${output}`)), 20_000);
      const onData = () => {
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout!.on('data', onData);
      exited.then((code) => reject(new Error(`relay exited with ${code}:\n${output}`)));
    });
  }
  return {
    url,
    child,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
