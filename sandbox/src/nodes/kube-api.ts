// The kube-apiserver of a simulated control plane: HTTPS on 127.0.0.1 with the cluster's
// serving cert, client certificates required (signed by the cluster CA, as admin.conf's is).
// Requests are served by the simulated API (kube/http.ts over kube/cluster.ts: discovery,
// OpenAPI, every built-in type and CRDs, watch, Tables, controllers); exec and attach are
// upgraded to WebSocket or SPDY streams (kube/streams.ts).
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { NodeDirectory } from './command-types';
import type { NodePace } from './types';
import type { SimNode } from './sim-node';
import { closeKubeCluster, kubeClusterFor } from './kube/cluster';
import { KubeHttp } from './kube/http';
import { handleUpgrade } from './kube/streams';
import { ApiError } from './kube/types';

export interface KubeApiServer {
  port: number;
  /** Runs the cluster's controllers now (something they watch changed outside the API: a node's files). */
  poke(): void;
  close(): Promise<void>;
}

export async function startKubeApi(cp: SimNode, dir: NodeDirectory, pace: NodePace, log?: (l: string) => void): Promise<KubeApiServer> {
  if (!cp.state.cluster) throw new Error(`node ${cp.vmId} has no cluster to serve`);
  const backend = () => kubeClusterFor(cp, dir, pace, log);
  backend(); // the objects kubeadm init creates exist from now on
  const http = new KubeHttp(backend);
  const server: Server = createServer(
    {
      key: cp.state.apiServing?.keyPem ?? cp.state.cluster.apiServerKeyPem,
      cert: cp.state.apiServing?.certPem ?? cp.state.cluster.apiServerCertPem,
      ca: cp.state.cluster.caCertPem,
      requestCert: true,
      // Per-server setting: only clients with a cert from the cluster CA get in (like --client-ca-file).
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      if (!peer?.subject) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(new ApiError(401, 'Unauthorized', 'Unauthorized').body()));
      }
      void http.handle(req, res);
    },
  );
  server.on('upgrade', (req, socket, head) => {
    const b = backend();
    if (!b) return socket.destroy();
    handleUpgrade(b, req, socket, head);
  });
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
    poke: () => backend()?.settle(),
    close: () =>
      new Promise<void>((r) => {
        closeKubeCluster(cp);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
