export * from './secret-store';
export * from './file-key-secret-store';
export * from './safe-storage-secret-store';
export * from './write-secret-file';
export * from './redact';
