import helmet from 'helmet';
import type { ConsoleRequest, ConsoleResponse } from './http';

/**
 * Security headers on every response (helmet): a strict Content-Security-Policy (scripts, styles and data only
 * from the console itself; the UI has no inline script or style), no framing, no referrer, no MIME sniffing.
 * HSTS and upgrade-insecure-requests only when the console is served over TLS (`secureCookies`).
 * API answers are never cached: they carry operational data.
 */
export function securityHeaders(secure: boolean): (req: ConsoleRequest, res: ConsoleResponse, next: (error?: unknown) => void) => void {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    strictTransportSecurity: secure ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  return (req, res, next) => {
    if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    headers(req, res, next);
  };
}
