import { Logger } from '@nestjs/common';
import { Stats, unwatchFile, watchFile } from 'node:fs';
import { readAccessFile } from './access-file';
import { KeyRegistry } from './key-registry';

/**
 * Reloads the access file into the registry when it changes, without a restart: rotation is
 * "write the new file" (ideally to a temporary name, then rename over the old one). The file is
 * polled with fs.watchFile (stat by path) rather than fs.watch: polling sees a file replaced by a
 * rename, works on network and container-mounted volumes where inotify events do not arrive, and
 * needs no dependency; SIGHUP reloads at once. A file that does not parse or check is refused
 * with an error in the log, and the keys in force stay (neither locked out nor opened up).
 */
export class AccessFileWatcher {
  private readonly logger = new Logger('Access');
  private readonly onChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.ino !== previous.ino) this.reload();
  };
  private readonly onSignal = () => this.reload();
  private reloads = 0;

  constructor(
    private readonly path: string,
    private readonly registry: KeyRegistry,
    private readonly pollMs: number,
  ) {}

  /** Loads the file once (throwing on a bad file: the ledger must not start on it), then watches. */
  start(): void {
    this.registry.replaceFileEntries(readAccessFile(this.path));
    watchFile(this.path, { interval: this.pollMs, persistent: false }, this.onChange);
    process.on('SIGHUP', this.onSignal);
  }

  /** Re-reads the file; true when the new keys are in force. */
  reload(): boolean {
    try {
      const entries = readAccessFile(this.path);
      this.registry.replaceFileEntries(entries);
      this.reloads++;
      this.logger.log(
        `access file reloaded: ${new Set(entries.map((e) => e.identity.id)).size} identities, ${entries.length} keys (${this.path})`,
      );
      return true;
    } catch (error) {
      this.logger.error(
        `access file not reloaded, the keys in force stay: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }

  get reloadCount(): number {
    return this.reloads;
  }

  stop(): void {
    unwatchFile(this.path, this.onChange);
    process.off('SIGHUP', this.onSignal);
  }
}
