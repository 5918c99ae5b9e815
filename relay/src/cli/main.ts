#!/usr/bin/env node
/** The relay's command line: `relay <command> [options]`. Commands are declared in commands/, run by runCli. */
import { runCli } from './runCli.ts';

// `relay deliveries … | head` closes the pipe early: that is the reader being done, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
// A started relay keeps running (its server holds the event loop); a failure ends at once, threads and all.
if (exitCode !== 0) process.exit(exitCode);
