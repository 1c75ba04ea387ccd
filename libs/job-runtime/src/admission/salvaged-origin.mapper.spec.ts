import { salvageOrigin } from './salvaged-origin.mapper';

const SUBJECT = '6f1c8a52-3d0e-4f7b-9a51-2c4d8e9f0a1b';
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('salvageOrigin', () => {
  it('needs a uuid subject to name the job', () => {
    expect(salvageOrigin({ subject: 'nope', tenant: 'acme' })).toBeUndefined();
    expect(salvageOrigin('not even an object')).toBeUndefined();
  });

  it("keeps a bad command's trace context, so its refusal joins the publisher's trace", () => {
    const origin = salvageOrigin({
      subject: SUBJECT,
      tenant: 'acme',
      traceparent: TRACEPARENT,
      tracestate: 'vendor=1',
      data: 'not an object',
    });
    expect(origin).toMatchObject({
      subject: SUBJECT,
      traceparent: TRACEPARENT,
      tracestate: 'vendor=1',
    });
  });

  it('drops a malformed tracestate, or one without a traceparent', () => {
    const base = { subject: SUBJECT, tenant: 'acme' };
    const bad = salvageOrigin({ ...base, traceparent: TRACEPARENT, tracestate: 'Not Valid' });
    expect(bad).toMatchObject({ traceparent: TRACEPARENT });
    expect(bad).not.toHaveProperty('tracestate');
    expect(salvageOrigin({ ...base, tracestate: 'vendor=1' })).not.toHaveProperty('tracestate');
    expect(salvageOrigin({ ...base, traceparent: 'nope' })).not.toHaveProperty('traceparent');
  });
});
