/**
 * Azure custom data limits. The compute API documents customData as "a base-64 encoded string ...
 * decoded to a binary array ... The maximum length of the binary array is 65535 bytes"
 * (learn.microsoft.com, @azure/arm-compute OSProfile.customData), and ARM answers a longer value with
 * InvalidParameter "Custom data in OSProfile must be in Base64 encoding and with a maximum length of
 * 87380 characters" (Azure/aks-engine#1663). 87380 = 4 * ceil(65535 / 3): the same limit, so the
 * 64 KB applies to the decoded bytes and we check both forms.
 */
export const CUSTOM_DATA_MAX_BYTES = 65535;
export const CUSTOM_DATA_MAX_BASE64_CHARS = 87380;

export class CustomDataTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly base64Chars: number,
  ) {
    super(
      `Ignition config is ${bytes} bytes (${base64Chars} base64 characters); Azure custom data allows ` +
        `${CUSTOM_DATA_MAX_BYTES} bytes (${CUSTOM_DATA_MAX_BASE64_CHARS} base64 characters)`,
    );
    this.name = 'CustomDataTooLargeError';
  }
}

/** Base64 custom data for a VM, refusing anything Azure would reject. */
export function toCustomData(config: string): string {
  const bytes = Buffer.byteLength(config, 'utf8');
  const b64 = Buffer.from(config, 'utf8').toString('base64');
  if (bytes > CUSTOM_DATA_MAX_BYTES || b64.length > CUSTOM_DATA_MAX_BASE64_CHARS) {
    throw new CustomDataTooLargeError(bytes, b64.length);
  }
  return b64;
}
