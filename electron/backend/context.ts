import type { AppInfo, events } from '../../shared/ipc/contract';
import type { EventHub } from '../ipc/event-hub';
import type { OneTimeDownloads } from './one-time-downloads';

/**
 * What every handler group gets: the shell it runs in, the event hub for streaming, a logger
 * (which must never receive secrets) and the app's data folder. Services are created once in
 * backend.ts and handed to the handler groups that need them.
 */
export interface BackendContext {
  shell: AppInfo['shell'];
  hub: EventHub<typeof events>;
  log: (line: string) => void;
  dataDir: string;
  /** The app's save dialog (a path, or undefined when cancelled); absent in browser mode. */
  saveFileAs?: (defaultName: string) => Promise<string | undefined>;
  /** Without a save dialog (browser mode): files offered as one-time download links. */
  downloads: OneTimeDownloads;
}
