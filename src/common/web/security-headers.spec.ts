import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("computes helmet's headers once, with our CSP", () => {
    const h = securityHeaders();
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(h['content-security-policy']).toContain("default-src 'self'");
    expect(h['content-security-policy']).toContain("img-src 'self' data:");
    expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(h['cross-origin-embedder-policy']).toBeUndefined();
    expect(h['x-powered-by']).toBeUndefined();
  });

  it('reflects the options it is given', () => {
    expect(securityHeaders({ frameguard: { action: 'deny' } })['x-frame-options']).toBe('DENY');
    expect(securityHeaders({ contentSecurityPolicy: false })['content-security-policy']).toBeUndefined();
  });
});
