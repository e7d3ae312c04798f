/**
 * What a simulated node's cloud components (the simulated cloud-controller-manager and Azure Disk
 * CSI driver: nodes/kube/controllers/cloud-provider.ts) reach of Azure: ARM, signed in as a
 * user-assigned identity the node's VM carries, as the real ones are through the instance
 * metadata service (azure.json `useManagedIdentityExtension` + `userAssignedIdentityID`). The
 * token is minted for the identity's service principal, and the request goes to the sandbox's own
 * HTTPS endpoint: it is validated, answered and journalled like any other ARM request, and a
 * long-running operation is followed to its end.
 *
 * IMDS refuses an identity the VM does not carry ("Identity not found": 400 from
 * http://169.254.169.254/metadata/identity/oauth2/token,
 * https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token#error-handling);
 * so does this.
 */
import { request } from 'node:https';
import type { ResourceStore } from '../../arm/types';
import type { TokenIssuer } from '../../identity/token-issuer';
import type { CloudArmAnswer, NodeCloud } from '../../nodes/types';

export interface NodeCloudOptions {
  store: ResourceStore;
  issuer: TokenIssuer;
  audience: string;
  baseUrl: string;
  caCertPem: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function send(o: NodeCloudOptions, method: string, url: string, token: string, body?: unknown): Promise<CloudArmAnswer & { headers: Record<string, string> }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca: o.caCertPem, headers: { authorization: `Bearer ${token}`, 'user-agent': 'cloud-provider-azure (sandbox simulation)', ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
        resolve({ status: res.statusCode ?? 0, body: parsed, headers });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export function createNodeCloud(o: NodeCloudOptions): NodeCloud {
  const identityOf = (vmResourceId: string, clientId: string) => {
    const vm = o.store.getResource(vmResourceId);
    const attached = Object.keys(obj(obj(vm?.identity).userAssignedIdentities)).map((id) => id.toLowerCase());
    const identity = o.store.listResources((r) => r.type.toLowerCase() === 'microsoft.managedidentity/userassignedidentities' && attached.includes(r.id.toLowerCase()) && String(r.properties?.clientId).toLowerCase() === clientId.toLowerCase())[0];
    return identity;
  };
  return {
    async arm(vmResourceId, clientId, method, path, apiVersion, body) {
      const identity = identityOf(vmResourceId, clientId);
      if (!identity) return { status: 400, body: { error: 'invalid_request', error_description: 'Identity not found' } };
      const principal = { oid: String(identity.properties?.principalId), upn: `${clientId}@managed-identity`, name: identity.name };
      const { token } = await o.issuer.accessToken(principal, clientId, o.audience, []);
      const first = await send(o, method, `${o.baseUrl}${path}?api-version=${apiVersion}`, token, body);
      // A long-running operation: poll its status until it ends, as the SDKs do.
      const poll = first.headers['azure-asyncoperation'];
      if (!poll || first.status >= 400) return { status: first.status, body: first.body };
      for (let i = 0; i < 600; i++) {
        const st = await send(o, 'GET', poll, token);
        const status = String(obj(st.body).status ?? '');
        if (status === 'Succeeded') break;
        if (status === 'Failed' || status === 'Canceled') return { status: 500, body: st.body };
        await new Promise((r) => setTimeout(r, Math.max(0, Number(st.headers['retry-after'] ?? 0)) * 1000 || 50).unref());
      }
      if (method === 'DELETE') return { status: 200, body: undefined };
      const done = await send(o, 'GET', `${o.baseUrl}${path}?api-version=${apiVersion}`, token);
      return { status: done.status, body: done.body };
    },
  };
}
