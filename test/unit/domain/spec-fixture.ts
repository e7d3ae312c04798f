import type { ClusterSpecInput } from '../../../shared/domain/cluster-spec';

/** A fixed, valid public key (throwaway, never used for access) so spec tests need no key generation. */
export const TEST_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOLpkENLAd/kFjoDMAiahzbKdLWePo5+EAMBZIQD+g/r test@flatkube';

/** The smallest input a user must give; everything else defaults. */
export function minimalSpecInput(overrides: Partial<ClusterSpecInput> = {}): ClusterSpecInput {
  return {
    name: 'demo',
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: { name: 'demo-rg' },
    location: 'westeurope',
    ssh: { publicKey: TEST_PUBLIC_KEY },
    allowedSourceIp: '203.0.113.7',
    ...overrides,
  };
}
