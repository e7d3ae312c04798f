/**
 * Signed URLs: what Azure does with a SAS token in a blob URL, for the few URLs the sandbox hands
 * out to be fetched with a plain GET and no bearer token (retrieveBootDiagnosticsData answers a
 * VM's serial console log URL; the engine GETs it like any blob). The signature is an HMAC of the
 * resource the URL names, keyed with the sandbox API token, so it opens that one resource only
 * and cannot be made without the token.
 */
import { createHmac } from 'node:crypto';
import type { ArmResponse, SignedUrls } from '../arm/types';
import { secretsEqual } from './api-token';

/** Keeps these signatures apart from anything else the token may ever key. */
const PURPOSE = 'flatkube-sandbox signed-url v1';

export function createSignedUrls(secret: string): SignedUrls {
  const sign = (resource: string) => createHmac('sha256', secret).update(`${PURPOSE}\n${resource}`, 'utf8').digest('base64url');
  return {
    sign,
    verify: (resource, sig) => sig !== undefined && secretsEqual(sig, sign(resource)),
  };
}

/**
 * Azure Storage's answer to a blob request whose SAS is missing or wrong: 403
 * `AuthenticationFailed`, an XML body and the `x-ms-error-code` header.
 */
export function storageAuthenticationFailed(requestId: string, sigPresent: boolean): ArmResponse {
  const detail = sigPresent ? 'Signature did not match.' : 'Signature fields not well formed.';
  const body =
    '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. ' +
    `Make sure the value of Authorization header is formed correctly including the signature.\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message>` +
    `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail></Error>`;
  return { status: 403, body, headers: { 'Content-Type': 'application/xml', 'x-ms-error-code': 'AuthenticationFailed' } };
}
