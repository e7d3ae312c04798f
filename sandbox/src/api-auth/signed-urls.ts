/**
 * Signed URLs: what Azure does with a SAS token in a blob URL, for the few URLs the sandbox hands
 * out to be fetched with a plain GET and no bearer token (retrieveBootDiagnosticsData answers a
 * VM's serial console log URL; the engine GETs it like any blob). As a SAS does, the query holds
 * the expiry (`se`, UTC to the second) and a signature (`sig`) over the resource and that expiry:
 * an HMAC keyed with the sandbox API token, so it opens that one resource only, until then, and
 * cannot be made or extended without the token.
 */
import { createHmac } from 'node:crypto';
import type { ArmResponse, SignatureCheck, SignedUrls } from '../arm/types';
import { secretsEqual } from './api-token';

/** Keeps these signatures apart from anything else the token may ever key (v2: with expiry). */
const PURPOSE = 'flatkube-sandbox signed-url v2';

/** A SAS `se` value: ISO 8601 UTC to the second, as Azure writes them (2024-01-31T12:00:00Z). */
const SE_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function sasTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createSignedUrls(secret: string): SignedUrls {
  const mac = (resource: string, se: string) => createHmac('sha256', secret).update(`${PURPOSE}\n${resource}\n${se}`, 'utf8').digest('base64url');
  return {
    sign(resource, expiresAtMs) {
      // Rounded down to the second, as `se` carries it, so the URL never outlives what it says.
      const se = sasTime(Math.floor(expiresAtMs / 1000) * 1000);
      return new URLSearchParams({ se, sig: mac(resource, se) }).toString();
    },
    verify(resource, query, nowMs): SignatureCheck {
      const { se, sig } = query;
      if (!sig || !se || !SE_FORMAT.test(se) || Number.isNaN(Date.parse(se))) return { ok: false, reason: 'malformed' };
      // The signature first: an altered expiry is a forgery, not an expired URL.
      if (!secretsEqual(sig, mac(resource, se))) return { ok: false, reason: 'mismatch' };
      const expiresAtMs = Date.parse(se);
      if (nowMs >= expiresAtMs) return { ok: false, reason: 'expired', expiresAtMs };
      return { ok: true };
    },
  };
}

/** Azure Storage's dates in error details: RFC 1123 ('Thu, 26 Dec 2024 22:02:26 GMT'). */
const httpDate = (ms: number) => new Date(ms).toUTCString();

/**
 * Azure Storage's answer to a blob request whose SAS is missing, wrong or expired: 403
 * `AuthenticationFailed`, an XML body and the `x-ms-error-code` header. For an expired SAS Azure
 * says the expiry "must be after signed start time", the start being the time of the request.
 */
export function storageAuthenticationFailed(requestId: string, check: Exclude<SignatureCheck, { ok: true }>, nowMs: number): ArmResponse {
  const detail =
    check.reason === 'expired'
      ? `Signed expiry time [${httpDate(check.expiresAtMs)}] must be after signed start time [${httpDate(nowMs)}]`
      : check.reason === 'mismatch'
        ? 'Signature did not match.'
        : 'Signature fields not well formed.';
  const body =
    '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. ' +
    `Make sure the value of Authorization header is formed correctly including the signature.\nRequestId:${requestId}\nTime:${new Date(nowMs).toISOString()}</Message>` +
    `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail></Error>`;
  return { status: 403, body, headers: { 'Content-Type': 'application/xml', 'x-ms-error-code': 'AuthenticationFailed' } };
}
