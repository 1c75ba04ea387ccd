import { ProgressReporter } from './progress.reporter';

describe('ProgressReporter', () => {
  it('reports each whole percent at most once, then completion', () => {
    const seen: number[] = [];
    const reporter = new ProgressReporter(1000, (f) => seen.push(f));
    for (let done = 0; done <= 1000; done += 3) reporter.update(done);
    reporter.complete();
    expect(seen.length).toBe(100);
    expect(seen.every((f, i) => i === 0 || f > (seen[i - 1] as number))).toBe(true);
    expect(seen[0]).toBe(0.01);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('never reports more than 100 % and reports completion without a total', () => {
    const seen: number[] = [];
    const capped = new ProgressReporter(10, (f) => seen.push(f));
    capped.update(50);
    capped.complete();
    expect(seen).toEqual([1]);
    const unknown: number[] = [];
    const reporter = new ProgressReporter(undefined, (f) => unknown.push(f));
    reporter.update(123);
    reporter.complete();
    expect(unknown).toEqual([1]);
  });
});
