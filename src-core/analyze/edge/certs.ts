// PEM certificates on Routes (spec.tls.certificate / caCertificate / destinationCACertificate): subject,
// SANs and expiry, read with @peculiar/asn1-x509 (the ASN.1 layer of @peculiar/x509, which needs no
// Reflect polyfill), and host-name matching as browsers do it (RFC 6125: SANs when present, the
// CN only without SANs; `*` only as the whole left-most label, matching exactly one label).
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';

export interface CertInfo {
  subject: string;
  commonName?: string;
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  issuer: string;
  selfSigned: boolean;
}

const OID_NAMES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };

type Name = Certificate['tbsCertificate']['subject'];

function nameText(n: Name): string {
  return n
    .flatMap((rdn) => rdn.map((a) => `${OID_NAMES[a.type] ?? a.type}=${a.value.toString()}`))
    .join(', ');
}

function base64ToBytes(b64: string): Uint8Array {
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
      for (const e of t.extensions ?? []) {
        if (e.extnID !== id_ce_subjectAltName) continue;
        for (const g of AsnConvert.parse(e.extnValue, SubjectAlternativeName)) if (g.dNSName) dnsNames.push(g.dNSName.toLowerCase());
      }
      const cn = t.subject.flatMap((r) => r.filter((a) => a.type === '2.5.4.3').map((a) => a.value.toString()))[0];
      const subject = nameText(t.subject);
      const issuer = nameText(t.issuer);
      out.push({ subject, commonName: cn, dnsNames, notBefore: t.validity.notBefore.getTime(), notAfter: t.validity.notAfter.getTime(), issuer, selfSigned: subject === issuer });
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
