/**
 * Load balancer frontends for clients on the host: a frontend's public address is fake
 * (public-ip-pool.ts), so for each load-balancing rule on a public frontend the sandbox listens
 * on a loopback port (`GET /_sandbox/frontends` lists them) and forwards each new TCP connection
 * to a healthy backend: a VM in the rule's pool whose simulated node runs and accepts a
 * connection on the backend port (6443: its API server; 22: its SSH server). That connection
 * attempt is the health probe, made per connection, so a stopped VM (powerOff/deallocate) drops
 * out at once, where Azure waits for the probe (interval 15 s, threshold 1 for CAPZ's
 * HTTPSProbe: https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview).
 * Https/Http probes are checked as TCP: the simulated API server requires the admin client
 * certificate at the handshake, where kube-apiserver lets anonymous `/readyz` in. New
 * connections take the healthy backends in turn; with none, the client's connection is reset
 * (Azure drops it). UDP rules are not forwarded.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ArmRouter, ResourceStore } from '../../arm/types';
import type { NodeHost } from '../../nodes/types';
import { allLoadBalancers, children, routeOf, routesOfPublicAddress } from '../network/lb-derived';
import { refId } from '../network/common';

export interface SandboxFrontendView {
  loadBalancerId: string;
  /** The load-balancing rule this entry forwards. */
  rule: string;
  publicIp: string;
  /** The public IP's DNS name, when it has a label (`<label>.<region>.cloudapp.azure.com`). */
  fqdn?: string;
  protocol: string;
  /** The frontend port clients dial on the public IP. */
  port: number;
  backendPort: number;
  /** Where a client on this machine connects instead of publicIp:port. */
  endpoint: { host: string; port: number };
  /** The same endpoint, set when port is 6443 (like SandboxNodeView.apiServer). */
  apiServer?: { host: string; port: number };
  /** The VMs in the rule's pool; healthy = its node answers on the backend port right now. */
  backends: Array<{ vmId: string; healthy: boolean }>;
  simulated: true;
}

interface Listener {
  server: Server;
  port: number;
  sockets: Set<Socket>;
}

function tryConnect(host: string, port: number, timeoutMs: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const fail = () => {
      s.destroy();
      resolve(undefined);
    };
    s.setTimeout(timeoutMs, fail);
    s.once('error', fail);
    s.once('connect', () => {
      s.setTimeout(0);
      s.removeAllListeners('error');
      resolve(s);
    });
  });
}

export class LoadBalancerFrontends {
  private readonly listeners = new Map<string, Listener>();
  private turn = 0;
  private closed = false;

  constructor(
    private readonly store: ResourceStore,
    private readonly nodeHost: NodeHost | undefined,
    private readonly host: string,
  ) {}

  /** The node's loopback port for a backend port (only the ports simulated nodes serve). */
  private backendEndpoint(vmId: string, backendPort: number): { host: string; port: number } | undefined {
    const ep = this.nodeHost?.endpoint(vmId);
    if (!ep) return undefined;
    const port = backendPort === 6443 ? ep.apiServerPort : backendPort === 22 ? ep.sshPort : undefined;
    return port === undefined ? undefined : { host: ep.host || this.host, port };
  }

  private async forward(client: Socket, address: string, frontendPort: number): Promise<void> {
    const route = routeOf(this.store, address, frontendPort);
    const backendPort = route ? route.backendPort || frontendPort : 0;
    const ids = route?.vmIds ?? [];
    const start = this.turn++;
    for (let i = 0; i < ids.length; i++) {
      const ep = this.backendEndpoint(ids[(start + i) % ids.length]!, backendPort);
      const upstream = ep ? await tryConnect(ep.host, ep.port, 2000) : undefined;
      if (!upstream) continue;
      if (client.destroyed) return void upstream.destroy();
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      return;
    }
    client.resetAndDestroy();
  }

  private async listen(address: string, frontendPort: number): Promise<Listener> {
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => {});
      void this.forward(client, address, frontendPort);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.host, () => resolve());
    });
    return { server, port: (server.address() as AddressInfo).port, sockets };
  }

  /** Opens a listener per TCP rule on a public frontend, closes those of rules that are gone, and lists them. */
  async list(): Promise<SandboxFrontendView[]> {
    const views: SandboxFrontendView[] = [];
    const wanted = new Set<string>();
    for (const lb of allLoadBalancers(this.store)) {
      for (const fe of children(lb, 'frontendIPConfigurations')) {
        const pip = this.store.getResource(refId(fe.properties.publicIPAddress) ?? '');
        const address = pip?.properties?.ipAddress;
        if (typeof address !== 'string') continue;
        const fqdn = (pip?.properties?.dnsSettings as { fqdn?: string } | undefined)?.fqdn;
        for (const r of routesOfPublicAddress(this.store, address)) {
          if (r.protocol === 'Udp' || r.lb.id !== lb.id) continue;
          const key = `${address}:${r.frontendPort}`;
          if (wanted.has(key)) continue; // a second rule on the same frontend port never gets traffic
          wanted.add(key);
          if (this.closed) continue;
          let l = this.listeners.get(key);
          if (!l) {
            l = await this.listen(address, r.frontendPort);
            this.listeners.set(key, l);
          }
          const endpoint = { host: this.host, port: l.port };
          const backendPort = r.backendPort || r.frontendPort;
          views.push({
            loadBalancerId: lb.id,
            rule: r.rule.name,
            publicIp: address,
            ...(fqdn ? { fqdn } : {}),
            protocol: r.protocol,
            port: r.frontendPort,
            backendPort,
            endpoint,
            ...(r.frontendPort === 6443 ? { apiServer: endpoint } : {}),
            backends: r.vmIds.map((vmId) => ({ vmId, healthy: !!this.backendEndpoint(vmId, backendPort) })),
            simulated: true,
          });
        }
      }
    }
    for (const [key, l] of this.listeners) {
      if (!wanted.has(key)) this.stop(key, l);
    }
    return views;
  }

  private stop(key: string, l: Listener): void {
    this.listeners.delete(key);
    l.server.close();
    for (const s of l.sockets) s.destroy();
  }

  close(): void {
    this.closed = true;
    for (const [key, l] of this.listeners) this.stop(key, l);
  }
}

/** `GET /_sandbox/frontends` (sandbox API token, no ARM token; see sandbox-api.ts). */
export function registerFrontendRoute(router: ArmRouter, frontends: LoadBalancerFrontends): void {
  router.add({
    methods: ['GET'],
    pattern: '/_sandbox/frontends',
    apiVersions: '*',
    auth: false,
    handler: async () => ({ status: 200, body: await frontends.list() }),
  });
}
