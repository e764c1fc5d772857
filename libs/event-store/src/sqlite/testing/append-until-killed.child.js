// Child process of the crash test: appends one event at a time to a stream and prints
// "acked <eventId>" as soon as each append resolved, until the parent kills it with SIGKILL.
require('./swc-register');
const { randomUUID } = require('node:crypto');
const { SqliteEventStore } = require('../sqlite-event-store');

const [path, streamId] = process.argv.slice(2);
const store = new SqliteEventStore({ path, synchronous: 'FULL' });

async function appendForever() {
  for (let revision = -1n; ; revision++) {
    const id = randomUUID();
    const metadata = {
      eventId: id,
      correlationId: id,
      causationId: id,
      actor: 'crash-test',
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    };
    const expected = revision < 0n ? 'no_stream' : revision;
    await store.append(streamId, [{ id, type: 'CrashTested', data: {}, metadata }], expected);
    process.stdout.write(`acked ${id}\n`);
  }
}

appendForever().catch((error) => {
  process.stderr.write(`${error && error.stack}\n`);
  process.exit(1);
});
