import { getApi } from './api/client';
import { useAppInfo } from './store/app-info-store';
import { useSession } from './store/session-store';

/**
 * main.tsx imports this first, so it runs before React and the app are evaluated: the connection
 * to the backend opens and the first answers the Sign-in step waits for (the session, which
 * enables its choices, and the app info in the footer) are asked for now. Their round trips then
 * overlap evaluating and rendering the app instead of starting after its first render.
 */
getApi();
void useSession.getState().ensureLoaded();
void useAppInfo.getState().ensureLoaded();
