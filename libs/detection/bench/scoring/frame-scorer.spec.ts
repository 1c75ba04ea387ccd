import { addCounts, countFrames, frameFlags, frameMetrics } from './frame-scorer';
import { boundaryErrors, boundaryStats } from './boundary-errors';

describe('frame scorer', () => {
  it('flags 10 ms frames whose centre lies inside a segment', () => {
    expect([...frameFlags([{ start: 0.02, end: 0.05 }], 0.08)]).toEqual([0, 0, 1, 1, 1, 0, 0, 0]);
    // Centres at 0.015 and 0.045: a segment [0.016, 0.045] covers frames 2 and 3 only.
    expect([...frameFlags([{ start: 0.016, end: 0.045 }], 0.06)]).toEqual([0, 0, 1, 1, 0, 0]);
    expect([...frameFlags([{ start: -1, end: 9 }], 0.03)]).toEqual([1, 1, 1]);
    expect(frameFlags([], 0).length).toBe(0);
  });

  it('counts hits, misses, false alarms and correct rejections', () => {
    const truth = [{ start: 0, end: 0.5 }];
    const found = [{ start: 0.3, end: 0.8 }];
    expect(countFrames(truth, found, 1)).toEqual({ tp: 20, fn: 30, fp: 30, tn: 20 });
  });

  it('derives precision, recall, F1 and the false-alarm rate', () => {
    const m = frameMetrics({ tp: 20, fn: 30, fp: 30, tn: 20 });
    expect(m.precision).toBeCloseTo(0.4);
    expect(m.recall).toBeCloseTo(0.4);
    expect(m.f1).toBeCloseTo(0.4);
    expect(m.falseAlarmRate).toBeCloseTo(0.6);
    const perfect = frameMetrics(countFrames([{ start: 1, end: 2 }], [{ start: 1, end: 2 }], 3));
    expect(perfect).toMatchObject({ precision: 1, recall: 1, f1: 1, falseAlarmRate: 0 });
  });

  it('treats empty denominators as perfect, and a silent file with alarms as all false', () => {
    expect(frameMetrics({ tp: 0, fp: 0, fn: 0, tn: 10 })).toMatchObject({
      f1: 1,
      falseAlarmRate: 0,
    });
    expect(frameMetrics(countFrames([], [{ start: 0, end: 0.1 }], 1)).falseAlarmRate).toBeCloseTo(
      0.1,
    );
    expect(frameMetrics({ tp: 0, fp: 5, fn: 5, tn: 0 }).f1).toBe(0);
  });

  it('adds counts over files', () => {
    expect(
      addCounts([
        { tp: 1, fp: 2, fn: 3, tn: 4 },
        { tp: 10, fp: 20, fn: 30, tn: 40 },
      ]),
    ).toEqual({
      tp: 11,
      fp: 22,
      fn: 33,
      tn: 44,
    });
  });
});

describe('boundary errors', () => {
  it('measures each true onset and offset against the nearest detected one', () => {
    const truth = [
      { start: 1, end: 2 },
      { start: 3, end: 4 },
    ];
    const found = [
      { start: 0.95, end: 2.3 },
      { start: 3.05, end: 3.9 },
    ];
    const errors = boundaryErrors(truth, found);
    expect(errors.map((e) => Math.round(e * 100) / 100)).toEqual([0.05, 0.3, 0.05, 0.1]);
    const stats = boundaryStats(errors);
    expect(stats.count).toBe(4);
    expect(stats.median).toBeCloseTo(0.075);
    expect(stats.withinTolerance).toBe(0.75);
  });

  it('scores boundaries with no detection as infinitely wrong', () => {
    const errors = boundaryErrors([{ start: 1, end: 2 }], []);
    expect(errors).toEqual([Infinity, Infinity]);
    expect(boundaryStats(errors)).toEqual({ count: 2, median: Infinity, withinTolerance: 0 });
    expect(boundaryStats([])).toEqual({ count: 0, median: 0, withinTolerance: 1 });
    expect(boundaryStats([0.01, 0.2, 0.3]).median).toBe(0.2);
  });
});
