import type { appChannels } from '../../../shared/ipc/channels/app';
import type { HandlerMap } from '../../ipc/registry';
import { APP_NAME, APP_VERSION } from '../../services/app/app-meta';
import type { BackendContext } from '../context';

export function appHandlers(ctx: BackendContext): HandlerMap<typeof appChannels> {
  return {
    'app.info': () => ({
      name: APP_NAME,
      version: APP_VERSION,
      shell: ctx.shell,
      nodeVersion: process.versions.node,
      platform: process.platform,
    }),
  };
}
