import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isTrustedSender,
  secureWebPreferences,
} from '../../../electron/security/policy';

test('the window runs isolated and sandboxed with no Node', () => {
  assert.equal(secureWebPreferences.contextIsolation, true);
  assert.equal(secureWebPreferences.sandbox, true);
  assert.equal(secureWebPreferences.nodeIntegration, false);
  assert.equal(secureWebPreferences.webSecurity, true);
  assert.equal(secureWebPreferences.webviewTag, false);
});

test('the CSP allows only our own scripts and no plugins', () => {
  const csp = contentSecurityPolicy();
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
});

test('only allow-listed https hosts may be opened externally', () => {
  assert.equal(isAllowedExternalUrl('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize'), true);
  assert.equal(isAllowedExternalUrl('https://learn.microsoft.com/azure/'), true);
  assert.equal(isAllowedExternalUrl('http://learn.microsoft.com/'), false);
  assert.equal(isAllowedExternalUrl('https://learn.microsoft.com.evil.example/'), false);
  assert.equal(isAllowedExternalUrl('https://user:pw@github.com/'), false);
  assert.equal(isAllowedExternalUrl('file:///etc/passwd'), false);
  assert.equal(isAllowedExternalUrl('not a url'), false);
});

test('navigation is never allowed and senders must be our main frame on our origin', () => {
  assert.equal(isAllowedNavigation(`${APP_ORIGIN}/index.html`), false);
  const trusted = new Set([3]);
  assert.equal(isTrustedSender({ webContentsId: 3, frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true }, trusted), true);
  assert.equal(isTrustedSender({ webContentsId: 3, frameUrl: `${APP_ORIGIN}.evil/index.html`, isMainFrame: true }, trusted), false);
  assert.equal(isTrustedSender({ webContentsId: 4, frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true }, trusted), false);
  assert.equal(isTrustedSender({ webContentsId: 3, frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: false }, trusted), false);
});
