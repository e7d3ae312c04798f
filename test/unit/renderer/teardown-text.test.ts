import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { teardownText } from '../../../renderer/src/lib/teardown-text';

describe('renderer: what a teardown says', () => {
  it('nothing left, leftovers, and an existing group that stays', () => {
    assert.equal(teardownText({ leftovers: [] }), 'Nothing was left behind.');
    assert.equal(teardownText({ leftovers: ['/x/vm1'] }), 'Still tagged for the cluster: /x/vm1');
    const group = '/subscriptions/s/resourceGroups/team-rg';
    assert.equal(teardownText({ leftovers: [], kept: [group] }), 'Nothing was left behind. Resource group team-rg stays: Flatkube did not create it.');
    assert.equal(
      teardownText({ leftovers: [], kept: [group, `${group}/providers/Microsoft.Network/virtualNetworks/other`] }),
      'Nothing was left behind. Resource group team-rg stays: Flatkube did not create it, nor 1 other resource(s) in it.',
    );
  });
});
