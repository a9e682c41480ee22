import { X509Certificate } from 'node:crypto';
import { type ChainVerdict, verifyChain } from './certificate-chain';

/** A path `verifyChain` trusted, and the signing times at which it trusts it again: every certificate of the path valid. */
interface TrustedChain {
  readonly path: readonly X509Certificate[];
  readonly validFrom: number;
  readonly validTo: number;
}

/** How many certificate lists and trusted chains are kept (a province has a few dozen signing departments). */
const MAX_ENTRIES = 256;

/**
 * The certificates signed packages carry, parsed once, and the chains `verifyChain` trusted for them: the decisions
 * of one department carry the same certificates, so each need not be parsed and its chain built and verified again.
 *
 * A trusted chain is reused only for the same certificates (their bytes: the SHA-256 fingerprints of the leaf and the
 * intermediates, in order), the same trust anchors (their fingerprints) and a signing time inside the validity period
 * of every certificate of its path. There `verifyChain` takes the same steps and trusts the same path: the issuer
 * search does not depend on the time, and the validity periods of the path are its only checks that do. A chain it
 * did not trust is never kept, so a refusal always comes from `verifyChain` itself. What is not the chain's is not
 * cached here: the XML signature, the signer certificate's keyUsage and subject, and revocation are checked for every
 * package.
 */
export class VerifiedChains {
  private readonly parsed = new Map<string, readonly X509Certificate[]>();
  private readonly trusted = new Map<string, TrustedChain>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /** The certificates of `KeyInfo/X509Data` (base64 DER, whitespace removed), leaf first; throws as `X509Certificate` does. */
  certificates(encoded: readonly string[]): readonly X509Certificate[] {
    const key = encoded.join(' ');
    let certificates = this.parsed.get(key);
    if (!certificates) {
      certificates = encoded.map((text) => new X509Certificate(Buffer.from(text, 'base64')));
      remember(this.parsed, key, certificates, this.maxEntries);
    }
    return certificates;
  }

  /** `verifyChain(leaf, intermediates, anchors, at)`, reusing a chain trusted before for the same certificates and anchors. */
  verify(leaf: X509Certificate, intermediates: readonly X509Certificate[], anchors: readonly X509Certificate[], at: Date): ChainVerdict {
    const fingerprints = (certificates: readonly X509Certificate[]) => certificates.map((c) => c.fingerprint256).join(',');
    const key = `${fingerprints([leaf, ...intermediates])}|${fingerprints(anchors)}`;
    const time = at.getTime();
    const known = this.trusted.get(key);
    if (known && known.validFrom <= time && time <= known.validTo) return { trusted: true, path: known.path };
    const verdict = verifyChain(leaf, intermediates, anchors, at);
    if (verdict.trusted) {
      const validFrom = Math.max(...verdict.path.map((c) => Date.parse(c.validFrom)));
      const validTo = Math.min(...verdict.path.map((c) => Date.parse(c.validTo)));
      remember(this.trusted, key, { path: verdict.path, validFrom, validTo }, this.maxEntries);
    }
    return verdict;
  }
}

/** Adds an entry, dropping the oldest once the map holds `max`. */
function remember<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}
