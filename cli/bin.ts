#!/usr/bin/env node
// The `xent` bin: a shebang and a call. The CLI itself is bundled into ./xent.js.

// Stdout closed early (xent … | head) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2), process);
