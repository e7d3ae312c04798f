// A minimal kube-apiserver for a simulated control plane: HTTPS on
// 127.0.0.1 with the cluster's serving cert, client certificates required
// (signed by the cluster CA, as admin.conf's is). Serves /version, discovery
// (/api, /apis) and read-only Nodes, enough for readiness checks from the
// desktop with @kubernetes/client-node.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { NodeDirectory } from './command-types';
import type { NodePace } from './types';
import type { SimNode } from './sim-node';
import { cniReadyNow, nodeList, nodeObject } from './cluster-view';
import { parseVersion } from './flatcar-os';

export interface KubeApiServer {
  port: number;
  close(): Promise<void>;
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export async function startKubeApi(cp: SimNode, dir: NodeDirectory, pace: NodePace, log?: (l: string) => void): Promise<KubeApiServer> {
  const cluster = cp.state.cluster;
  if (!cluster) throw new Error(`node ${cp.vmId} has no cluster to serve`);
  const server: Server = createServer(
    {
      key: cluster.apiServerKeyPem,
      cert: cluster.apiServerCertPem,
      ca: cluster.caCertPem,
      requestCert: true,
      // Per-server setting: only clients with a cert from the cluster CA get in (like --client-ca-file).
      rejectUnauthorized: true,
    },
    (req, res) => {
      const send = (code: number, body: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
        res.end(JSON.stringify(body));
      };
      const c = cp.state.cluster;
      if (!c) return send(503, status(503, 'ServiceUnavailable', 'the control plane was reset'));
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      if (!peer?.subject) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
      const url = new URL(req.url ?? '/', 'https://localhost');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (req.method !== 'GET') {
        return send(405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${req.method} ${path}; the sandbox API is read-only)`));
      }
      const cniReady = cniReadyNow(c, pace.delayMs('cni-ready'));
      const [maj, min, patch] = parseVersion(c.kubernetesVersion);
      if (path === '/version') {
        return send(200, {
          major: String(maj),
          minor: String(min),
          gitVersion: `v${maj}.${min}.${patch}`,
          gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean',
          buildDate: '2026-01-01T00:00:00Z',
          goVersion: 'go1.25.5',
          compiler: 'gc',
          platform: 'linux/amd64',
        });
      }
      if (path === '/livez' || path === '/readyz' || path === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('ok');
      }
      if (path === '/api') {
        return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: c.endpoint }] });
      }
      if (path === '/apis') return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
      if (path === '/api/v1') {
        return send(200, {
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [{ name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list'], shortNames: ['no'] }],
        });
      }
      if (path === '/api/v1/nodes') return send(200, nodeList(c, dir, cniReady));
      const m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(path);
      if (m) {
        const name = decodeURIComponent(m[1] as string);
        const member = c.members.find((x) => x.name === name);
        if (!member) return send(404, status(404, 'NotFound', `nodes "${name}" not found`, { name, kind: 'nodes' }));
        return send(200, nodeObject(c, member, dir, cniReady));
      }
      return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    },
  );
  server.on('tlsClientError', () => {}); // clients without the admin cert are refused during the handshake
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log?.(`nodes: kube-apiserver of ${cp.state.name} on 127.0.0.1:${port} (simulated)`);
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
