/**
 * The internet as the sandbox's simulated nodes see it. Real nodes download the Kubernetes sysext
 * (Ignition), CNI manifests and the cilium CLI (curl); the sandbox has no internet, so it carries
 * small generated stand-ins for exactly those files, each served under the URL a real node would
 * use (or under the sandbox's own origin, e.g. its sysext bakery). Every stand-in is a real byte
 * string with a real sha256, so checksum checks (Ignition's verification.hash, sha256sum --check)
 * pass or fail on the nodes the way they would on Azure.
 */

export interface UpstreamFile {
  body: Buffer;
  contentType: string;
}

/** One simulated site: the hosts (`host` or `host:port`, as in URL.host) it answers for. */
export interface UpstreamProvider {
  name: string;
  hosts(): string[];
  /** The file at this URL, or undefined (HTTP 404). */
  get(url: URL): UpstreamFile | undefined;
}

export type UpstreamResult =
  | { ok: true; status: 200; url: string; file: UpstreamFile }
  /** The host answers, the path does not exist. */
  | { ok: false; status: 404; url: string; reason: string }
  /** No simulated site for this host: what a node without a route there would see. */
  | { ok: false; status: 0; url: string; reason: string };

export class SandboxInternet {
  private readonly providers: UpstreamProvider[];
  private readonly selfHost: string | undefined;
  private readonly corrupt: ((url: URL) => boolean) | undefined;

  /**
   * `selfOrigin`: the sandbox's own https://127.0.0.1:PORT. A restarted sandbox listens on a new
   * port while URLs recorded before (a deployment's sysext pin) still name the old one; as the
   * sandbox is the only thing on loopback its nodes can reach, any 127.0.0.1 port means it.
   */
  constructor(providers: UpstreamProvider[] = [], opts: { selfOrigin?: string; corrupt?: (url: URL) => boolean } = {}) {
    this.providers = [...providers];
    this.selfHost = opts.selfOrigin ? new URL(opts.selfOrigin).host : undefined;
    this.corrupt = opts.corrupt;
  }

  add(provider: UpstreamProvider): void {
    this.providers.push(provider);
  }

  /** Every host some provider answers for (for error messages and docs). */
  hosts(): string[] {
    return [...new Set(this.providers.flatMap((p) => p.hosts()))].sort();
  }

  /** A GET as a node would make it: HTTPS or HTTP, no redirects needed. */
  fetch(rawUrl: string): UpstreamResult {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { ok: false, status: 0, url: rawUrl, reason: `URL rejected: Malformed input to a URL function` };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, status: 0, url: rawUrl, reason: `Protocol "${url.protocol.replace(':', '')}" not supported` };
    if (this.selfHost && url.hostname === '127.0.0.1' && url.host !== this.selfHost) url.host = this.selfHost;
    const serving = this.providers.filter((p) => p.hosts().includes(url.host));
    if (serving.length === 0) return { ok: false, status: 0, url: rawUrl, reason: `Could not resolve host: ${url.hostname}` };
    for (const p of serving) {
      const file = p.get(url);
      // Asked once per successful download (fault rules count calls): the last byte flipped.
      if (file && this.corrupt?.(url)) return { ok: true, status: 200, url: rawUrl, file: { ...file, body: corrupted(file.body) } };
      if (file) return { ok: true, status: 200, url: rawUrl, file };
    }
    return { ok: false, status: 404, url: rawUrl, reason: 'The requested URL returned error: 404' };
  }
}

/** The same bytes with the last one flipped (a truncated or altered transfer; never equal to the original). */
function corrupted(body: Buffer): Buffer {
  if (body.length === 0) return Buffer.from([0]);
  const out = Buffer.from(body);
  out[out.length - 1] = (out[out.length - 1] as number) ^ 0xff;
  return out;
}
