// kubeadm's copy-certs, as kubernetes/kubernetes cmd/kubeadm/app/phases/copycerts/copycerts.go
// does it: `kubeadm init --upload-certs` encrypts the certificates and keys control planes share
// (ca, front-proxy-ca, etcd/ca, sa) with the certificate key ("hex encoded string that is an AES
// key of size 32 bytes": https://kubernetes.io/docs/reference/setup-tools/kubeadm/generated/kubeadm_init_phase_upload-certs)
// into Secret kube-system/kubeadm-certs, owned by a bootstrap token whose TTL is
// DefaultCertTokenDuration = 2 * time.Hour (cmd/kubeadm/app/constants/constants.go): "the
// uploaded-certs will be deleted in two hours" (kubeadm HA guide,
// https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/).
// `kubeadm join --control-plane --certificate-key K` downloads and decrypts them; errors are
// copycerts.go's, wrapped as the join phase wraps them. The encryption is kubeadm's
// cryptoutil.EncryptBytes: AES-GCM, nonce prepended, tag appended.
import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ClusterRecord } from '../node-state';
import type { SimNode } from '../sim-node';
import { createClusterCa } from '../pki';
import { clusterData } from '../kube/data';

export const CERT_TOKEN_TTL_MS = 2 * 3600_000;
const PKI = '/etc/kubernetes/pki';

/** Secret data key -> file under /etc/kubernetes/pki (certOrKeyNameToSecretName: '/' -> '-'). */
export const SHARED_CERTS: Record<string, string> = {
  'ca.crt': 'ca.crt',
  'ca.key': 'ca.key',
  'front-proxy-ca.crt': 'front-proxy-ca.crt',
  'front-proxy-ca.key': 'front-proxy-ca.key',
  'sa.pub': 'sa.pub',
  'sa.key': 'sa.key',
  'etcd-ca.crt': 'etcd/ca.crt',
  'etcd-ca.key': 'etcd/ca.key',
};

export function newCertificateKey(): string {
  return randomBytes(32).toString('hex');
}

function encrypt(data: Buffer, key: Buffer): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  return Buffer.concat([nonce, c.update(data), c.final(), c.getAuthTag()]);
}

function decrypt(blob: Buffer, key: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(blob.length - 16));
  return Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
}

/** Go's hex.DecodeString, with its error texts. */
function decodeHex(s: string): Buffer | string {
  const bad = /[^0-9a-fA-F]/.exec(s);
  if (bad) return `encoding/hex: invalid byte: U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${bad[0]}'`;
  if (s.length % 2 === 1) return 'encoding/hex: odd length hex string';
  return Buffer.from(s, 'hex');
}

/** The shared files on the init node: kubeadm init writes them all; the simulation makes the ones it had not. */
function ensureSharedFiles(node: SimNode): void {
  const fs = node.fs;
  for (const ca of ['front-proxy-ca', 'etcd/ca']) {
    if (fs.stat(`${PKI}/${ca}.crt`)) continue;
    const made = createClusterCa();
    fs.writeFile(`${PKI}/${ca}.crt`, made.certPem, { mode: 0o644 });
    fs.writeFile(`${PKI}/${ca}.key`, made.keyPem, { mode: 0o600 });
  }
  if (!fs.stat(`${PKI}/sa.key`)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFile(`${PKI}/sa.key`, privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), { mode: 0o600 });
    fs.writeFile(`${PKI}/sa.pub`, publicKey.export({ type: 'spki', format: 'pem' }).toString(), { mode: 0o600 });
  }
}

/** `[upload-certs]`: encrypts the shared files with the key into the record and Secret kube-system/kubeadm-certs. */
export function uploadCerts(node: SimNode, rec: ClusterRecord, keyHex: string, now = Date.now()): void {
  ensureSharedFiles(node);
  const key = Buffer.from(keyHex, 'hex');
  const data: Record<string, string> = {};
  for (const [name, file] of Object.entries(SHARED_CERTS)) {
    data[name] = encrypt(Buffer.from(node.fs.readText(`${PKI}/${file}`) ?? ''), key).toString('base64');
  }
  rec.uploadedCerts = { data, expires: new Date(now + CERT_TOKEN_TTL_MS).toISOString() };
  const api = clusterData(rec).api;
  const tp = api.type('', 'secrets');
  if (api.find(tp, 'kube-system', 'kubeadm-certs')) api.delete(tp, 'kube-system', 'kubeadm-certs', { gracePeriodSeconds: 0 });
  api.create(tp, 'kube-system', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kubeadm-certs', namespace: 'kube-system' }, type: 'Opaque', data });
}

export type CertsDownload = { ok: true; files: Record<string, string> } | { ok: false; error: string };

/** `[download-certs]`: the shared files (path -> PEM) for a joining control plane, or copycerts.go's error. */
export function downloadCerts(rec: ClusterRecord, keyHex: string, now = Date.now()): CertsDownload {
  const key = decodeHex(keyHex);
  if (typeof key === 'string') return { ok: false, error: `error decoding certificate key: ${key}` };
  const up = rec.uploadedCerts;
  if (!up || new Date(up.expires).getTime() <= now) {
    // The token owning the Secret expired and the garbage collector took the Secret with it.
    if (up) {
      delete rec.uploadedCerts;
      const api = clusterData(rec).api;
      const tp = api.type('', 'secrets');
      if (api.find(tp, 'kube-system', 'kubeadm-certs')) api.delete(tp, 'kube-system', 'kubeadm-certs', { gracePeriodSeconds: 0 });
    }
    return {
      ok: false,
      error: 'error downloading the secret: Secret "kubeadm-certs" was not found in the "kube-system" Namespace. This Secret might have expired. Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one',
    };
  }
  if (key.length !== 32) return { ok: false, error: `error decoding secret data with provided key: crypto/aes: invalid key size ${key.length}` };
  const files: Record<string, string> = {};
  try {
    for (const [name, file] of Object.entries(SHARED_CERTS)) files[`${PKI}/${file}`] = decrypt(Buffer.from(up.data[name] ?? '', 'base64'), key).toString();
  } catch {
    return { ok: false, error: 'error decoding secret data with provided key: cipher: message authentication failed' };
  }
  return { ok: true, files };
}
