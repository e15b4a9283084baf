// PEM blocks of a Route's spec.tls as the router's extended validation reads them
// (openshift/router pkg/router/routeapihelpers/validation.go): sanitizePEM accepts only the block types
// of knownBlockDecoders, and a private-key block must parse as PKCS#8, else PKCS#1, else SEC 1 EC, into an
// RSA or ECDSA key (an Ed25519 key is refused: "block private key ed25519.PrivateKey is not valid");
// splitCertKey moves private keys found in spec.tls.certificate to the key; then Go's tls.X509KeyPair
// must accept the first certificate with the key (same key type, same RSA modulus or EC point).
import { AsnConvert } from '@peculiar/asn1-schema';
import { ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { KEY_KIND, base64ToBytes, hex, type CertInfo } from './certs';

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

/** The router's knownBlockDecoders: any other block type fails sanitizePEM ("unrecognized PEM block"). */
const PRIVATE_TYPES = new Set(['RSA PRIVATE KEY', 'ECDSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY']);
const PUBLIC_TYPES = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY', 'DSA PUBLIC KEY', 'ECDSA PUBLIC KEY']);
const KNOWN_TYPES = new Set([...PRIVATE_TYPES, ...PUBLIC_TYPES, 'CERTIFICATE', 'EC PARAMETERS']);

/** The PEM blocks of a text, in order (Go's pem.Decode skips anything between blocks). */
export function pemBlocks(text: string): PemBlock[] | { error: string } {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    try {
      out.push({ type: m[1], bytes: base64ToBytes(m[2].replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '')) });
    } catch {
      return { error: `the ${m[1]} block is not valid base64` };
    }
  }
  return out;
}

export interface PrivateKeyFacts {
  kind: 'RSA' | 'ECDSA';
  /** RSA: the modulus (hex, no leading zeros); ECDSA: the public point (hex) when the key carries it. */
  publicPart?: string;
}

const stripZeros = (h: string) => h.replace(/^(00)+/, '');

function ecFacts(k: ECPrivateKey): PrivateKeyFacts {
  return { kind: 'ECDSA', publicPart: k.publicKey ? hex(k.publicKey) : undefined };
}

/** privateKeyBlockVerifier: PKCS#8, else PKCS#1, else SEC 1, whatever the block's label says. */
export function parsePrivateKey(bytes: Uint8Array): PrivateKeyFacts | { error: string } {
  try {
    const info = AsnConvert.parse(bytes, PrivateKeyInfo);
    const kind = KEY_KIND[info.privateKeyAlgorithm.algorithm];
    const inner = new Uint8Array(info.privateKey.buffer);
    if (kind === 'RSA') return { kind: 'RSA', publicPart: stripZeros(hex(AsnConvert.parse(inner, RSAPrivateKey).modulus)) };
    if (kind === 'ECDSA') return ecFacts(AsnConvert.parse(inner, ECPrivateKey));
    return { error: `the private key is ${kind ?? `of algorithm ${info.privateKeyAlgorithm.algorithm}`}; the router accepts only RSA and ECDSA keys ("block private key … is not valid")` };
  } catch {
    /* not PKCS#8: try the next format, as the router does */
  }
  try {
    return { kind: 'RSA', publicPart: stripZeros(hex(AsnConvert.parse(bytes, RSAPrivateKey).modulus)) };
  } catch {
    /* not PKCS#1 */
  }
  try {
    return ecFacts(AsnConvert.parse(bytes, ECPrivateKey));
  } catch {
    return { error: 'the block is not a PKCS#8, PKCS#1 or EC private key' };
  }
}

/** The certificate's public key in the same terms as PrivateKeyFacts. */
function certKey(c: CertInfo): { kind?: string; publicPart?: string } {
  const kind = KEY_KIND[c.publicKey.algorithm];
  if (kind === 'RSA') {
    try {
      return { kind, publicPart: stripZeros(hex(AsnConvert.parse(c.publicKey.bits, RSAPublicKey).modulus)) };
    } catch {
      return { kind };
    }
  }
  return { kind, publicPart: kind === 'ECDSA' ? hex(c.publicKey.bits) : undefined };
}

export type KeyCheck = { ok: true; unchecked?: string } | { ok: false; field: 'key' | 'certificate'; message: string };

/** sanitizePEM + splitCertKey + validatePEMContent + tls.X509KeyPair for spec.tls.certificate and key. */
export function checkKeyPair(certificate: string, key: string | undefined, leaf: CertInfo): KeyCheck {
  const certBlocks = pemBlocks(certificate);
  if ('error' in certBlocks) return { ok: false, field: 'certificate', message: certBlocks.error };
  const keyBlocks = pemBlocks(key ?? '');
  if ('error' in keyBlocks) return { ok: false, field: 'key', message: keyBlocks.error };
  for (const [field, list] of [['certificate', certBlocks], ['key', keyBlocks]] as const) {
    const bad = list.find((b) => !KNOWN_TYPES.has(b.type));
    if (bad) return { ok: false, field, message: `unrecognized PEM block ${bad.type}` };
  }
  // splitCertKey: private keys inside spec.tls.certificate count as the key too.
  const privates = [...certBlocks, ...keyBlocks].filter((b) => PRIVATE_TYPES.has(b.type));
  if (privates.length === 0) return { ok: false, field: 'key', message: 'no key specified' };
  const publicInKey = keyBlocks.find((b) => PUBLIC_TYPES.has(b.type) || b.type === 'CERTIFICATE');
  if (publicInKey) return { ok: false, field: 'key', message: `field contains invalid types ${publicInKey.type === 'CERTIFICATE' ? 'CERTIFICATE' : 'PUBLIC KEY'}, expecting only PRIVATE KEY` };
  if (certBlocks.some((b) => PUBLIC_TYPES.has(b.type))) return { ok: false, field: 'certificate', message: 'field contains invalid types PUBLIC KEY, expecting only CERTIFICATE' };
  const parsed = privates.map((b) => parsePrivateKey(b.bytes));
  const broken = parsed.find((p): p is { error: string } => 'error' in p);
  if (broken) return { ok: false, field: 'key', message: broken.error };
  // tls.X509KeyPair uses the first private key block and the first certificate.
  const k = parsed[0] as PrivateKeyFacts;
  const c = certKey(leaf);
  if (c.kind !== k.kind) return { ok: false, field: 'key', message: 'tls: private key type does not match public key type' };
  // Deriving the point needs elliptic-curve arithmetic; the libraries that do it cost ~40 ms at every
  // start of the command for a key form that is rare (openssl, Go and cert-manager all write the point).
  if (!k.publicPart || !c.publicPart) return { ok: true, unchecked: 'spec.tls.key is an EC key that omits its public point, so podpath cannot tell whether it belongs to spec.tls.certificate (the router rejects the route with ExtendedValidationFailed if it does not)' };
  if (k.publicPart !== c.publicPart) return { ok: false, field: 'key', message: 'tls: private key does not match public key' };
  return { ok: true };
}
