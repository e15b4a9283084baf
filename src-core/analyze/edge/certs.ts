// PEM certificates on Routes (spec.tls.certificate / caCertificate / destinationCACertificate): subject,
// SANs and expiry, read with @peculiar/asn1-x509 (the ASN.1 layer of @peculiar/x509, which needs no
// Reflect polyfill), and host-name matching as browsers do it (RFC 6125: SANs when present, the
// CN only without SANs; `*` only as the whole left-most label, matching exactly one label).
import { AsnConvert } from '@peculiar/asn1-schema';
import { AuthorityKeyIdentifier, Certificate, SubjectAlternativeName, SubjectKeyIdentifier, id_ce_authorityKeyIdentifier, id_ce_subjectAltName, id_ce_subjectKeyIdentifier } from '@peculiar/asn1-x509';

export interface CertInfo {
  subject: string;
  commonName?: string;
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  issuer: string;
  selfSigned: boolean;
  /** OID of the signature algorithm (sha1WithRSAEncryption is 1.2.840.113549.1.1.5). */
  signatureAlgorithm: string;
  /** The subjectPublicKeyInfo: algorithm OID and the key bits (RSAPublicKey DER, or an EC point). */
  publicKey: { algorithm: string; bits: Uint8Array };
}

const OID_NAMES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };

type Name = Certificate['tbsCertificate']['subject'];

function nameText(n: Name): string {
  return n
    .flatMap((rdn) => rdn.map((a) => `${OID_NAMES[a.type] ?? a.type}=${a.value.toString()}`))
    .join(', ');
}

export function hex(b: ArrayBuffer | Uint8Array): string {
  return [...(b instanceof Uint8Array ? b : new Uint8Array(b))].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Key algorithm OIDs (subjectPublicKeyInfo / PKCS#8) by kind. */
export const KEY_KIND: Record<string, string> = { '1.2.840.113549.1.1.1': 'RSA', '1.2.840.10045.2.1': 'ECDSA', '1.2.840.10040.4.1': 'DSA', '1.3.101.112': 'Ed25519' };

/** Signature algorithm OIDs: the key kind each implies, and the weak digests the router refuses on CA-signed certificates. */
const SIGNATURE_KEY_KIND: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'RSA', '1.2.840.113549.1.1.4': 'RSA', '1.2.840.113549.1.1.5': 'RSA', '1.2.840.113549.1.1.11': 'RSA', '1.2.840.113549.1.1.12': 'RSA', '1.2.840.113549.1.1.13': 'RSA', '1.2.840.113549.1.1.10': 'RSA',
  '1.2.840.10040.4.3': 'DSA', '2.16.840.1.101.3.4.3.2': 'DSA',
  '1.2.840.10045.4.1': 'ECDSA', '1.2.840.10045.4.3.2': 'ECDSA', '1.2.840.10045.4.3.3': 'ECDSA', '1.2.840.10045.4.3.4': 'ECDSA',
  '1.3.101.112': 'Ed25519',
};
export const WEAK_SIGNATURES: Record<string, string> = { '1.2.840.113549.1.1.5': 'SHA1', '1.2.840.10045.4.1': 'SHA1', '1.2.840.10040.4.3': 'SHA1', '1.2.840.113549.1.1.2': 'MD2', '1.2.840.113549.1.1.4': 'MD5' };

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The certificates in a PEM bundle, in order; a message instead when none can be read. */
export function parsePemCertificates(pem: string): CertInfo[] | { error: string } {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) return { error: 'no "-----BEGIN CERTIFICATE-----" block found' };
  const out: CertInfo[] = [];
  for (const b of blocks) {
    try {
      const cert = AsnConvert.parse(base64ToBytes(b[1].replace(/\s+/g, '')), Certificate);
      const t = cert.tbsCertificate;
      const dnsNames: string[] = [];
      let aki: string | undefined;
      let ski: string | undefined;
      for (const e of t.extensions ?? []) {
        if (e.extnID === id_ce_subjectAltName) for (const g of AsnConvert.parse(e.extnValue, SubjectAlternativeName)) if (g.dNSName) dnsNames.push(g.dNSName.toLowerCase());
        if (e.extnID === id_ce_authorityKeyIdentifier) {
          const k = AsnConvert.parse(e.extnValue, AuthorityKeyIdentifier).keyIdentifier;
          aki = k ? hex(k.buffer) : undefined;
        }
        if (e.extnID === id_ce_subjectKeyIdentifier) ski = hex(AsnConvert.parse(e.extnValue, SubjectKeyIdentifier).buffer);
      }
      const cn = t.subject.flatMap((r) => r.filter((a) => a.type === '2.5.4.3').map((a) => a.value.toString()))[0];
      const subject = nameText(t.subject);
      const issuer = nameText(t.issuer);
      const signatureAlgorithm = cert.signatureAlgorithm.algorithm;
      const keyAlgorithm = t.subjectPublicKeyInfo.algorithm.algorithm;
      // The router's isSelfSignedCert (routeapihelpers/validation.go, after OpenSSL's EXFLAG_SS): issuer =
      // subject, no authority key id or the same as the subject key id, and a signature of the key's own kind.
      const sameName = hex(AsnConvert.serialize(t.issuer)) === hex(AsnConvert.serialize(t.subject));
      const selfSigned = sameName && (aki === undefined || aki === ski) && SIGNATURE_KEY_KIND[signatureAlgorithm] === KEY_KIND[keyAlgorithm];
      out.push({ subject, commonName: cn, dnsNames, notBefore: t.validity.notBefore.getTime(), notAfter: t.validity.notAfter.getTime(), issuer, selfSigned, signatureAlgorithm, publicKey: { algorithm: keyAlgorithm, bits: new Uint8Array(t.subjectPublicKeyInfo.subjectPublicKey) } });
    } catch (e) {
      return { error: `a certificate block could not be decoded (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  return out;
}

/** One certificate name against a host: exact, or `*.rest` matching exactly one left-most label. */
export function nameMatchesHost(name: string, host: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (n === h) return true;
  if (!n.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === n.slice(2);
}

/** Does the certificate cover the host? SANs when present; the CN only when there are none. */
export function certCoversHost(c: CertInfo, host: string): boolean {
  const names = c.dnsNames.length ? c.dnsNames : c.commonName ? [c.commonName] : [];
  return names.some((n) => nameMatchesHost(n, host));
}
