/**
 * Preloaded (`node --import tsx --import ./tests/support/exit-with-parent.ts …`) into worker
 * processes spawned by tests. If the test process dies without cleaning up (killed, crashed), the
 * IPC channel to it closes; the worker then exits instead of polling a dropped schema forever.
 */
if (process.channel) process.on('disconnect', () => process.exit(1));
