import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { resourceNames } from '../../../../shared/domain/cluster-layout';
import { azureAddonCommands } from '../render/azure-addons';
import { AZURE_JSON_PATH, azureJson } from '../render/azure-json';
import { CONTRIBUTOR_ROLE_ID } from '../engine/identity-ids';
import { shq, sshTo, type AzWords, type NodeWords } from './az-commands';

/**
 * az equivalents of the Azure integration's steps (plan/azure-steps.ts): `az identity create`,
 * `az role assignment create` with the principal type given (what avoids PrincipalNotFound for a
 * new identity, https://learn.microsoft.com/azure/role-based-access-control/troubleshooting), and
 * on the nodes the cloud config plus one `kubectl apply`.
 */
const IDENTITY_SHOW = (w: AzWords, spec: ClusterSpec, field: string) => `$(az identity show --resource-group ${w.rg} --name ${shq(resourceNames.identity(spec.name))} --query ${field} --output tsv)`;

export const azureAz = {
  identity: (w: AzWords, spec: ClusterSpec) => `az identity create --resource-group ${w.rg} --name ${shq(resourceNames.identity(spec.name))} --location ${w.location} --tags ${w.tags}`,
  roleAssignment: (w: AzWords, spec: ClusterSpec) =>
    `az role assignment create --assignee-object-id ${IDENTITY_SHOW(w, spec, 'principalId')} --assignee-principal-type ServicePrincipal ` +
    `--role ${CONTRIBUTOR_ROLE_ID} --scope "$(az group show --name ${w.rg} --query id --output tsv)"`,
  /** `az vm create`'s extra words: the cluster's identity on the VM. */
  vmIdentity: (w: AzWords, spec: ClusterSpec) => ` --assign-identity ${IDENTITY_SHOW(w, spec, 'id')}`,
  /** The cloud config on every node (no secret in it), then the manifests on the first control plane. */
  addons: (w: AzWords, spec: ClusterSpec, cp: NodeWords, nodes: NodeWords[]) => {
    const json = JSON.stringify(azureJson({ spec, tenantId: 'FLATKUBE_TENANT', identityClientId: 'FLATKUBE_CLIENT' }), null, 2)
      .replace('"FLATKUBE_TENANT"', '"$(az account show --query tenantId --output tsv)"')
      .replace('"FLATKUBE_CLIENT"', `"${IDENTITY_SHOW(w, spec, 'clientId')}"`);
    const writes = nodes.map((n) => `${sshTo(w, n)} 'sudo tee ${AZURE_JSON_PATH} >/dev/null' <<FLATKUBE_AZURE_JSON\n${json}\nFLATKUBE_AZURE_JSON`);
    return [...writes, `${sshTo(w, cp)} 'bash -s' <<'FLATKUBE_AZURE'\nset -euo pipefail\n${azureAddonCommands(spec).join('\n')}\nFLATKUBE_AZURE`].join('\n');
  },
};
