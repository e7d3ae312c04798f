/**
 * The e2e fakes (test/e2e/fake-answers.ts, fake-api.ts) against the IPC contract, without a
 * browser: every canned answer must be one the real channel could send and every faked event one
 * the real hub would deliver. The e2e tests check again when they install a fake; this catches a
 * drifted fake on every OS and in the fast suite.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channels } from '../../../shared/ipc/contract';
import { deployEvents, locationAnswers, wizardFlowAnswers } from '../../e2e/fake-answers';
import { appInfo, sandboxStatus, SUB_ID } from '../../e2e/fake-api';
import { answerProblems, fakeAnswersProblems, fakeCallProblems, fakeEventProblems } from '../../e2e/fake-contract';

describe('e2e fakes hold to the IPC contract', () => {
  it('the wizard-flow and location fakes are answers the real channels could send', () => {
    assert.deepEqual(fakeAnswersProblems(wizardFlowAnswers()), []);
    assert.deepEqual(fakeAnswersProblems(locationAnswers()), []);
    assert.deepEqual([...answerProblems('app.info', appInfo), ...answerProblems('auth.status', sandboxStatus)], []);
  });

  it('a faked image with a plan is one whose terms the real channels can be asked about', () => {
    // The wizard asks azure.terms / azure.acceptTerms for the plan the image names; a plan name
    // the input schema refuses (the fake once said "free") would fail there against the real backend.
    const images = (wizardFlowAnswers()['azure.images'] as { ok: true; value: Array<{ offer: string; plan?: { name: string } }> }).value;
    const withPlan = images.filter((i) => i.plan);
    assert.ok(withPlan.length > 0);
    for (const image of withPlan) {
      for (const channel of ['azure.terms', 'azure.acceptTerms'] as const) {
        const r = channels[channel].input.safeParse({ subscriptionId: SUB_ID, offer: image.offer, plan: image.plan!.name });
        assert.ok(r.success, `${channel} refuses the plan of ${image.offer}: ${image.plan!.name}`);
      }
    }
  });

  it('the faked Deploy events are events the real hub would deliver', () => {
    const e = deployEvents(Date.parse('2026-01-01T10:00:00Z'));
    assert.deepEqual([...fakeEventProblems('cluster.progress', [...e.started, ...e.ended]), ...fakeEventProblems('cluster.log', e.logs), ...fakeEventProblems('cluster.finished', e.finished)], []);
  });

  it('refuses fakes the contract would reject: wrong shapes, unknown channels, stripped fields, bad errors and events', () => {
    // A field of the wrong type; a field the schema does not have (the real backend strips it).
    assert.match(answerProblems('azure.publicIp', { ok: true, value: { ip: '203.0.113.7', source: 'guess', detail: '' } }).join(), /output schema rejects/);
    assert.match(answerProblems('cluster.create', { ok: true, value: { name: 'demo', extra: 1 } }).join(), /changed at extra/);
    assert.match(answerProblems('cluster.nope', { ok: true, value: {} }).join(), /no such channel/);
    assert.match(answerProblems('cluster.create', { ok: false, error: { code: 'X' } }).join(), /error schema/);
    assert.match(answerProblems('cluster.create', { value: 1 }).join(), /envelope/);
    assert.match(fakeAnswersProblems({ 'azure.terms': { sequence: [{ ok: true, value: {} }] } }).join(), /sequence answer 0/);
    assert.deepEqual(answerProblems('cluster.create', { ok: false, error: { code: 'CLUSTER_BUSY', message: 'busy', hint: 'wait' } }), []);
    assert.match(fakeEventProblems('cluster.log', [{ cluster: 'demo', stream: '', level: 'info', text: 'x', ts: 1 }]).join(), /event schema rejects/);
    assert.match(fakeEventProblems('cluster.nope', []).join(), /no such event/);
    assert.match(fakeCallProblems([{ channel: 'cluster.destroy', input: { name: '' } }]).join(), /input schema rejects/);
    assert.deepEqual(fakeCallProblems([{ channel: 'cluster.destroy', input: { name: 'demo' } }]), []);
  });
});
