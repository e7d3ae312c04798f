import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import { invoke } from '../lib/ipc';

interface AppInfoState {
  info: AppInfo | null;
  error: string | null;
  load(): Promise<void>;
  /** Loads once: the first call asks main (boot.ts, before the first render), later ones share it. */
  ensureLoaded(): Promise<void>;
}

let first: Promise<void> | undefined;

/** The app's name, version and shell, fetched once from main: the wiring's first round trip. */
export const useAppInfo = create<AppInfoState>((set, get) => ({
  info: null,
  error: null,
  load: async () => {
    const result = await invoke('app.info', undefined);
    if (result.ok) set({ info: result.value, error: null });
    else set({ error: result.error.message });
  },
  ensureLoaded: () => (first ??= get().load()),
}));
