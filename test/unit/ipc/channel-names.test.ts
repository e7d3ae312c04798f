import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/ipc/channel-names';
import { channels, events, type ChannelName, type EventName } from '../../../shared/ipc/contract';

// Compile-time half (tsc -p tsconfig.node.json): a contract name missing from the plain lists is a
// type error here; a listed name the contract lacks is one in channel-names.ts (`satisfies`).
type Unlisted<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const everyChannelListed: Unlisted<ChannelName, (typeof CHANNEL_NAMES)[number]> = true;
const everyEventListed: Unlisted<EventName, (typeof EVENT_NAMES)[number]> = true;

function assertSameNames(listed: readonly string[], contract: string[], what: string) {
  assert.equal(new Set(listed).size, listed.length, `${what}: a name is listed twice in shared/ipc/channel-names.ts`);
  assert.deepEqual([...listed].sort(), [...contract].sort(), `${what}: shared/ipc/channel-names.ts must list exactly the contract's names`);
}

test('the plain channel names are exactly the contract channels', () => {
  assert.ok(everyChannelListed);
  assertSameNames(CHANNEL_NAMES, Object.keys(channels), 'channels');
});

test('the plain event names are exactly the contract events', () => {
  assert.ok(everyEventListed);
  assertSameNames(EVENT_NAMES, Object.keys(events), 'events');
});
