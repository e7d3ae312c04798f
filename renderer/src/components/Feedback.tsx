import type { IpcError } from '../../../shared/ipc/result';

/** A readable error for a newcomer: what happened, the code to search for, and what to do. */
export function ErrorCard({ error, title, onRetry, children }: { error: IpcError; title?: string; onRetry?: () => void; children?: React.ReactNode }) {
  return (
    <div className="error-card" role="alert" data-testid="error-card" data-code={error.code}>
      <strong className="error-title">{title ?? 'Something went wrong'}</strong>
      <p className="error-message">{error.message}</p>
      {error.hint && (
        <p className="error-hint">
          <span className="label">What to do: </span>
          {error.hint}
        </p>
      )}
      <p className="error-code">
        <code>{error.code}</code>
        {error.azureCode && (
          <>
            {' · Azure: '}
            <code>{error.azureCode}</code>
          </>
        )}
      </p>
      {(onRetry || children) && (
        <div className="error-actions">
          {onRetry && (
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          )}
          {children}
        </div>
      )}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <span className="spinner-wrap" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </span>
  );
}

/** Grey placeholder rows while a list loads. */
export function Skeleton({ rows = 4, label }: { rows?: number; label: string }) {
  return (
    <div className="skeleton" role="status" aria-label={label} data-testid="skeleton">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" style={{ width: `${90 - ((i * 13) % 35)}%` }} />
      ))}
    </div>
  );
}

/** Inline validation message under a field. */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages || messages.length === 0) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {messages.join('; ')}
    </p>
  );
}
