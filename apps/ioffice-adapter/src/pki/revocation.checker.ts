import type { X509Certificate } from 'node:crypto';
import { oneLineName } from '../edxml/certificate-chain';
import { type CertificateFacts, OCSP_SIGNING, certificateFacts } from './certificate.facts';
import { type Crl, readCrl } from './crl.reader';
import { type SingleResponse, certIdMatches, ocspRequest, readOcspResponse } from './ocsp.messages';
import type { RevocationCheck, RevocationMode, RevocationOptions, RevocationStatus } from './revocation';
import { signatureProblem } from './signed-structure';

/** Bytes from a URL (GET, or POST of `request`); rejects with a message a person can act on. */
export type HttpBytes = (
  url: string,
  request?: { readonly body: Buffer; readonly contentType: string; readonly accept: string },
) => Promise<Buffer>;

/** Largest CRL or OCSP response read (a province CA's CRL is far smaller). */
export const MAX_REVOCATION_BYTES = 10 * 1024 * 1024;
/** How far a source's clock may be ahead of ours (thisUpdate in the future). */
const CLOCK_SKEW_MS = 5 * 60_000;
/** An OCSP answer without nextUpdate is believed this long after its thisUpdate. */
const OCSP_MAX_AGE_MS = 3600_000;

/** `fetch` with a deadline, no redirects (the URLs come from the CA or the operator) and a bounded body. */
export function httpBytes(timeoutMs: number, maxBytes = MAX_REVOCATION_BYTES): HttpBytes {
  return async (url, request) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: request ? 'POST' : 'GET',
        ...(request
          ? { body: new Uint8Array(request.body), headers: { 'content-type': request.contentType, accept: request.accept } }
          : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms (TRUST_REVOCATION_TIMEOUT_MS)`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new Error(`${url}: ${why}`);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`${url}: HTTP ${res.status}`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = res.body?.getReader();
    for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
      total += read.value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw new Error(`${url}: more than ${maxBytes} bytes`);
      }
      chunks.push(Buffer.from(read.value));
    }
    return Buffer.concat(chunks);
  };
}

/** The outcome of asking one source about one certificate. */
type Answer =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason?: string }
  | { readonly status: 'not-applicable' }
  | { readonly problem: string };

/** The last outcome, for readiness and logs. */
export interface RevocationReport {
  readonly mode: RevocationMode;
  readonly crlUrls: readonly string[];
  readonly last?: { readonly at: string; readonly status: RevocationStatus['status']; readonly reason?: string };
  readonly checks: { readonly good: number; readonly revoked: number; readonly unknown: number };
  readonly cachedCrls: ReadonlyArray<{ readonly url: string; readonly nextUpdate?: string }>;
}

/**
 * Revocation by CRL and OCSP. For each certificate of the path but the trust anchor, the first source that answers
 * decides, in this order: the CRLs of `TRUST_CRL_URLS` whose issuer is the certificate's issuer (the operator's
 * choice, and reachable where the CA's own addresses may not be), then the OCSP responders the certificate names
 * (Authority Information Access), then its CRL Distribution Points. A CRL counts only when signed by the
 * certificate's issuer and not past its nextUpdate; it is cached until then. An OCSP answer counts only when signed
 * by the issuer or by a responder the issuer certified for OCSP signing, and fresh. When no source answers, the
 * status is unknown, with every source's problem; see `RevocationMode` for a certificate with no source at all.
 * A certificate revoked after iOffice received the package (its revocation date, or its invalidity date when
 * earlier) does not undo the signature: the package provably existed before.
 */
export class RevocationChecker implements RevocationCheck {
  private readonly crls = new Map<string, { readonly crl: Crl; readonly until?: number }>();
  private readonly downloads = new Map<string, Promise<Crl>>();
  private readonly ocspAnswers = new Map<string, { readonly answer: SingleResponse; readonly until: number }>();
  private readonly counts = { good: 0, revoked: 0, unknown: 0 };
  private last: RevocationReport['last'];

  constructor(
    private readonly options: RevocationOptions,
    private readonly http: HttpBytes = httpBytes(options.timeoutMs),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(path: readonly X509Certificate[], receivedAt: Date): Promise<RevocationStatus> {
    let status: RevocationStatus = { status: 'good' };
    if (this.options.mode !== 'off') {
      for (let i = 0; i + 1 < path.length && status.status === 'good'; i++) status = await this.checkOne(path[i], path[i + 1], receivedAt);
    }
    this.counts[status.status]++;
    this.last = { at: this.now().toISOString(), status: status.status, ...(status.status === 'good' ? {} : { reason: status.reason }) };
    return status;
  }

  /** For readiness: the mode, the last outcome (with its reason), counts and the cached CRLs. */
  report(): RevocationReport {
    return {
      mode: this.options.mode,
      crlUrls: this.options.crlUrls,
      ...(this.last ? { last: this.last } : {}),
      checks: { ...this.counts },
      cachedCrls: [...this.crls].map(([url, { crl }]) => ({
        url,
        ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate.toISOString() } : {}),
      })),
    };
  }

  private async checkOne(cert: X509Certificate, issuer: X509Certificate, receivedAt: Date): Promise<RevocationStatus> {
    const name = `certificate ${oneLineName(cert.subject)}`;
    const subject = certificateFacts(cert);
    const issuerFacts = certificateFacts(issuer);
    const configured = this.options.crlUrls;
    const sources: Array<{ readonly what: string; readonly ask: () => Promise<Answer> }> = [
      ...configured.map((url) => ({
        what: `the CRL at ${url} (TRUST_CRL_URLS)`,
        ask: () => this.fromCrl(url, subject, issuer, issuerFacts),
      })),
      ...subject.ocspUrls.map((url) => ({
        what: `the OCSP responder ${url}`,
        ask: () => this.fromOcsp(url, subject, issuer, issuerFacts),
      })),
      ...subject.crlUrls
        .filter((url) => !configured.includes(url))
        .map((url) => ({ what: `the CRL at ${url}`, ask: () => this.fromCrl(url, subject, issuer, issuerFacts) })),
    ];
    const problems: string[] = [];
    for (const source of sources) {
      let answer: Answer;
      try {
        answer = await source.ask();
      } catch (error) {
        answer = { problem: (error as Error).message };
      }
      if ('problem' in answer) problems.push(`${source.what}: ${answer.problem}`);
      else if (answer.status === 'good') return { status: 'good' };
      else if (answer.status === 'revoked') {
        const revoked = `${name} (serial ${subject.serial}) was revoked at ${answer.revokedAt.toISOString()}${answer.reason ? ` (${answer.reason})` : ''}, according to ${source.what}`;
        if (answer.revokedAt.getTime() > receivedAt.getTime()) return { status: 'good' }; // revoked after iOffice had the package
        return { status: 'revoked', reason: `${revoked}, before iOffice received the package (${receivedAt.toISOString()})` };
      }
    }
    if (problems.length > 0) return { status: 'unknown', reason: `${name}: ${problems.join('; ')}` };
    if (this.options.mode === 'when-published') return { status: 'good' };
    return {
      status: 'unknown',
      reason: `${name} names no CRL distribution point or OCSP responder, and no CRL of TRUST_CRL_URLS is from its issuer ${oneLineName(issuer.subject)} (TRUST_REVOCATION=required)`,
    };
  }

  private async fromCrl(url: string, subject: CertificateFacts, issuer: X509Certificate, issuerFacts: CertificateFacts): Promise<Answer> {
    const crl = await this.crl(url);
    // A configured CRL of another CA is simply not about this certificate.
    if (!crl.issuerName.equals(subject.issuerName)) return { status: 'not-applicable' };
    const now = this.now().getTime();
    const forged = signatureProblem(crl.signed, issuer.publicKey);
    if (forged) return { problem: `the CRL names ${oneLineName(issuer.subject)} as its issuer, but ${forged} with that issuer's key` };
    if (issuerFacts.keyUsage && !issuerFacts.keyUsage.has('cRLSign'))
      return { problem: `its issuer ${oneLineName(issuer.subject)} may not sign CRLs (keyUsage without cRLSign)` };
    if (crl.unknownCritical.length > 0)
      return {
        problem: `it has critical extensions the bus does not process (${crl.unknownCritical.join(', ')}), e.g. a delta or partitioned CRL`,
      };
    if (crl.thisUpdate.getTime() > now + CLOCK_SKEW_MS)
      return { problem: `it is dated in the future (thisUpdate ${crl.thisUpdate.toISOString()})` };
    if (crl.nextUpdate && crl.nextUpdate.getTime() < now)
      return { problem: `it is out of date (nextUpdate ${crl.nextUpdate.toISOString()}) and no newer one is published there` };
    const entry = crl.revoked.get(subject.serial);
    if (!entry) return { status: 'good' };
    const revokedAt = entry.invalidSince && entry.invalidSince < entry.revokedAt ? entry.invalidSince : entry.revokedAt;
    return { status: 'revoked', revokedAt, ...(entry.reason ? { reason: entry.reason } : {}) };
  }

  /** The CRL at `url`: cached until its nextUpdate, downloaded once however many packages ask at the same time. */
  private async crl(url: string): Promise<Crl> {
    const cached = this.crls.get(url);
    if (cached?.until !== undefined && this.now().getTime() < cached.until) return cached.crl;
    let download = this.downloads.get(url);
    if (!download) {
      download = (async () => {
        const crl = readCrl(await this.http(url));
        this.crls.set(url, { crl, ...(crl.nextUpdate ? { until: crl.nextUpdate.getTime() } : {}) });
        return crl;
      })().finally(() => this.downloads.delete(url));
      this.downloads.set(url, download);
    }
    try {
      return await download;
    } catch (error) {
      throw new Error(`it cannot be had (${(error as Error).message})`);
    }
  }

  private async fromOcsp(url: string, subject: CertificateFacts, issuer: X509Certificate, issuerFacts: CertificateFacts): Promise<Answer> {
    const key = `${url} ${subject.issuerName.toString('base64')} ${subject.serial}`;
    const now = this.now().getTime();
    let answer = this.ocspAnswers.get(key);
    if (!answer || now >= answer.until) {
      let bytes: Buffer;
      try {
        bytes = await this.http(url, {
          body: ocspRequest(subject, issuerFacts),
          contentType: 'application/ocsp-request',
          accept: 'application/ocsp-response',
        });
      } catch (error) {
        return { problem: `no answer (${(error as Error).message})` };
      }
      const response = readOcspResponse(bytes);
      const unsigned = this.responderProblem(response.signed, response.certificates, issuer);
      if (unsigned) return { problem: unsigned };
      const single = response.responses.find((r) => certIdMatches(r.certId, subject, issuerFacts));
      if (!single) return { problem: 'its answer is about another certificate' };
      if (single.thisUpdate.getTime() > now + CLOCK_SKEW_MS)
        return { problem: `its answer is dated in the future (thisUpdate ${single.thisUpdate.toISOString()})` };
      const until = single.nextUpdate?.getTime() ?? single.thisUpdate.getTime() + OCSP_MAX_AGE_MS;
      if (until < now)
        return {
          problem: `its answer is out of date (${single.nextUpdate ? `nextUpdate ${single.nextUpdate.toISOString()}` : `thisUpdate ${single.thisUpdate.toISOString()}, no nextUpdate`})`,
        };
      answer = { answer: single, until };
      if (single.status !== 'unknown') this.ocspAnswers.set(key, answer);
    }
    const single = answer.answer;
    if (single.status === 'unknown') return { problem: 'the responder does not know the certificate (status unknown)' };
    if (single.status === 'good') return { status: 'good' };
    return { status: 'revoked', revokedAt: single.revokedAt ?? new Date(0), ...(single.reason ? { reason: single.reason } : {}) };
  }

  /** Undefined when the issuer signed the response, or a responder it certified for OCSP signing (RFC 6960 4.2.2.2). */
  private responderProblem(
    signed: Parameters<typeof signatureProblem>[0],
    certificates: readonly X509Certificate[],
    issuer: X509Certificate,
  ): string | undefined {
    if (!signatureProblem(signed, issuer.publicKey)) return undefined;
    const now = this.now().getTime();
    for (const responder of certificates) {
      if (!responder.checkIssued(issuer) || !responder.verify(issuer.publicKey)) continue;
      if (!(Date.parse(responder.validFrom) <= now && now <= Date.parse(responder.validTo))) continue;
      if (!certificateFacts(responder).extendedKeyUsage?.includes(OCSP_SIGNING)) continue;
      if (!signatureProblem(signed, responder.publicKey)) return undefined;
    }
    return `its answer is signed neither by ${oneLineName(issuer.subject)} nor by a responder it certified for OCSP signing`;
  }
}
