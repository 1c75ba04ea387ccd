import { createHmac } from 'node:crypto';
import { signatureHeader, signatureOf, verifySignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"id":"j1","status":"SUCCEEDED"}';

  it('is the hex HMAC-SHA256 of "<t>.<body>" in t=<t>,v1=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureOf(secret, 1700000000, body)).toBe(expected);
    expect(signatureHeader(secret, body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('carries one v1 per secret, newest first, during a rotation', () => {
    const old = 'whsec_the-replaced-one';
    const header = signatureHeader([secret, old], body, 1700000000);
    expect(header).toBe(
      `t=1700000000,v1=${signatureOf(secret, 1700000000, body)},v1=${signatureOf(old, 1700000000, body)}`,
    );
  });

  it('verifies a fresh signature of the same body and secret only', () => {
    const header = signatureHeader(secret, body, 1700000000);
    const at = { nowSeconds: 1700000010 };
    expect(verifySignature(header, body, secret, at)).toBe(true);
    expect(verifySignature(header, `${body} `, secret, at)).toBe(false);
    expect(verifySignature(header, body, 'whsec_another-secret', at)).toBe(false);
    expect(verifySignature(header, body, secret, { nowSeconds: 1700000000 + 301 })).toBe(false);
    expect(verifySignature('t=x,v1=00', body, secret, at)).toBe(false);
    expect(
      verifySignature(
        `t=1700000000,v1=zz,v1=${signatureOf(secret, 1700000000, body)}`,
        body,
        secret,
        at,
      ),
    ).toBe(true);
  });
});
