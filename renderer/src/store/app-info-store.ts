import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import { invoke } from '../lib/ipc';

interface AppInfoState {
  info: AppInfo | null;
  error: string | null;
  load(): Promise<void>;
}

/** The app's name, version and shell, fetched once from main: the wiring's first round trip. */
export const useAppInfo = create<AppInfoState>((set) => ({
  info: null,
  error: null,
  load: async () => {
    const result = await invoke('app.info', undefined);
    if (result.ok) set({ info: result.value, error: null });
    else set({ error: result.error.message });
  },
}));
