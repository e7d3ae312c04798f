import type { ChannelName, EventName } from './contract';

/**
 * The channel and event names of the contract (contract.ts) as plain strings, for code that needs
 * the names at run time but must not carry zod and the schemas along: the preload (a sandboxed,
 * self-contained bundle) and the WebSocket client. Only types come from contract.ts, so bundlers
 * drop that import. `satisfies` refuses a name the contract does not have; the unit test
 * test/unit/ipc/channel-names.test.ts refuses a contract name missing here. Add a new channel in
 * both places.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'cluster.exports',
  'cluster.create',
  'cluster.resume',
  'cluster.apply',
  'cluster.plan',
  'cluster.upgrade',
  'cluster.planUpgrade',
  'cluster.status',
  'cluster.spec',
  'cluster.operation',
  'cluster.cancel',
  'cluster.list',
  'cluster.destroy',
  'cluster.generateSshKey',
  'cluster.downloadSshKey',
  'cluster.kubeconfig',
  'cluster.mergeKubeconfig',
  'cluster.followLogs',
  'cluster.stopLogs',
  'auth.status',
  'auth.signIn',
  'auth.cancelSignIn',
  'auth.signOut',
  'auth.useSandbox',
  'auth.useAzure',
  'auth.choices',
  'auth.useAzureCli',
  'azure.tenants',
  'azure.subscriptions',
  'azure.locations',
  'azure.images',
  'azure.terms',
  'azure.acceptTerms',
  'azure.sizes',
  'azure.publicIp',
  'azure.kubernetesVersions',
  'azure.preflight',
  'pace.get',
  'pace.set',
  'pace.step',
  'azure.calls',
  'sandbox.exercises',
  'sandbox.breakSomething',
  'sandbox.resetClassroom',
  'sandbox.journal',
] as const satisfies readonly ChannelName[];

export const EVENT_NAMES = ['log.line', 'cluster.progress', 'cluster.log', 'cluster.finished', 'auth.deviceCode', 'pace.changed', 'azure.call', 'sandbox.resetProgress'] as const satisfies readonly EventName[];
