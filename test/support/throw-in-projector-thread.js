// Loaded with -r (test/support/projector-thread-fails.js): in the projector's thread only (ADR 0017),
// once the thread has reported two checkpoints, an error is thrown outside any batch, where nothing in
// the thread catches it, as a failed poll of the log would be.
const { isMainThread, MessagePort, workerData } = require('node:worker_threads');

if (!isMainThread && workerData?.role === 'projector') {
  const post = MessagePort.prototype.postMessage;
  let reported = 0;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    post.call(this, message, ...rest);
    if (message?.type === 'progress' && ++reported === 2) {
      const { SqliteError } = require('better-sqlite3');
      setImmediate(() => {
        throw new SqliteError('disk I/O error', 'SQLITE_IOERR');
      });
    }
  };
}
