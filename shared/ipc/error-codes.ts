/**
 * Error codes raised by the IPC layer itself; services add their own (see AppError). A module of
 * its own, without zod, so the renderer's transport (loaded at start) does not pull in the schemas.
 */
export const IpcErrorCode = {
  UnknownChannel: 'IPC_UNKNOWN_CHANNEL',
  InvalidInput: 'IPC_INVALID_INPUT',
  InvalidOutput: 'IPC_INVALID_OUTPUT',
  UntrustedSender: 'IPC_UNTRUSTED_SENDER',
  HandlerFailed: 'IPC_HANDLER_FAILED',
  MalformedMessage: 'IPC_MALFORMED_MESSAGE',
  TransportClosed: 'IPC_TRANSPORT_CLOSED',
} as const;
