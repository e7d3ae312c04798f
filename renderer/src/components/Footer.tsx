import { useEffect } from 'react';
import { useAppInfo } from '../store/app-info-store';
import { ClassroomMenu } from './ClassroomMenu';

/** Shows what the main process reports about itself: proof that the IPC wiring works. */
export function Footer() {
  const { info, error, ensureLoaded: load } = useAppInfo();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <footer className="footer" data-testid="app-info">
      {info ? (
        <span>
          {info.name} {info.version} · {info.shell === 'electron' ? 'desktop app' : 'browser mode'} · Node {info.nodeVersion} · {info.platform}
        </span>
      ) : error ? (
        <span role="alert">Backend unavailable: {error}</span>
      ) : (
        <span>Connecting to the backend…</span>
      )}
      <ClassroomMenu />
    </footer>
  );
}
