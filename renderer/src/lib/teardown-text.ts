import type { ChannelOutput } from '../../../shared/ipc/contract';

/**
 * A teardown's answer (cluster.destroy): `leftovers` still tagged for the cluster, and `kept`, ids
 * kept on purpose (an existing resource group Flatkube did not create, and what else is in it).
 */
export type TeardownOutcome = ChannelOutput<'cluster.destroy'>;

/** A teardown's answer as one or two sentences for the user. */
export function teardownText(r: TeardownOutcome): string {
  const left = r.leftovers.length ? `Still tagged for the cluster: ${r.leftovers.join(', ')}` : 'Nothing was left behind.';
  const kept = r.kept ?? [];
  const group = kept.map((id) => /\/resourceGroups\/([^/]+)$/i.exec(id)?.[1]).find((g) => g !== undefined);
  if (!group) return left;
  const others = kept.length - 1;
  return `${left} Resource group ${group} stays: Flatkube did not create it${others > 0 ? `, nor ${others} other resource(s) in it` : ''}.`;
}
