import { useEffect } from 'react';
import { hydrateOperation, useDeploy } from '../../store/deploy-store';

/**
 * Rebuilds the view of `cluster`'s latest operation from the backend's record when it mounts (a
 * reload, a new window, coming back to the page) and whenever the page is shown again (a window
 * restored, a laptop woken: events may have been missed); live events carry it on in between.
 */
export function useOperationRecord(cluster: string): void {
  useEffect(() => {
    if (useDeploy.getState().cluster !== cluster) useDeploy.getState().reset(cluster);
    void hydrateOperation(cluster);
    const onShow = () => {
      if (document.visibilityState === 'visible') void hydrateOperation(cluster);
    };
    document.addEventListener('visibilitychange', onShow);
    return () => document.removeEventListener('visibilitychange', onShow);
  }, [cluster]);
}
