import { collectThenStep } from './then-step.option';

describe('the --then option of jobs submit', () => {
  it('collects steps in order, each with its own input if given', () => {
    const steps = collectThenStep(
      'processing.clips={"options":{"paddingMs":100}}',
      collectThenStep('system.ping'),
    );
    expect(steps).toEqual([
      { type: 'system.ping' },
      { type: 'processing.clips', input: { options: { paddingMs: 100 } } },
    ]);
  });

  it('refuses a malformed type or an input that is not a JSON object', () => {
    for (const bad of ['clips', 'processing.clips=[1]', 'processing.clips={', 'a.b=null'])
      expect(() => collectThenStep(bad)).toThrow(/must be/);
  });
});
