import { createContext, Script } from 'node:vm';
import { CHARTS_SCRIPT } from './charts.script';
import { SVG_SCRIPT } from './svg.script';
import { WAVEFORM_SCRIPT } from './waveform.script';

interface DrawContext {
  waveformPath?: (data: { min: number[]; max: number[] }) => string;
  segmentsOf?: (job: object) => object[];
  linePath?: (points: Array<[number, number | null]>) => string;
  niceMax?: (value: number) => number;
}
const context = createContext({}) as DrawContext;
new Script(`${SVG_SCRIPT}\n${CHARTS_SCRIPT}\n${WAVEFORM_SCRIPT}`).runInContext(context);

describe("the dashboard's drawings", () => {
  it('draws one stroke per bucket from max to min, clamped to [-1, 1]', () => {
    expect(context.waveformPath?.({ min: [-0.5, -2], max: [0.5, 2] })).toBe('M0.5 26V74M1.5 2V98');
    // Silence still shows as a hairline.
    expect(context.waveformPath?.({ min: [0], max: [0] })).toBe('M0.5 50V50.5');
  });

  it("draws a detection's segments, else the segments a clips job cuts", () => {
    const segments = [{ start: 1, end: 2 }];
    expect(context.segmentsOf?.({ result: { segments }, input: {} })).toEqual(segments);
    expect(context.segmentsOf?.({ result: null, input: { segments } })).toEqual(segments);
    expect(context.segmentsOf?.({ result: null, input: { uploadId: 'u' } })).toEqual([]);
  });

  it('breaks a chart line where a minute has no value, on a readable scale', () => {
    expect(
      context.linePath?.([
        [0, 10],
        [1, null],
        [2, 5],
        [3, 6],
      ]),
    ).toBe('M0 10h0M2 5L3 6');
    expect([0, 0.3, 7, 10, 11, 180, 4_999].map((v) => context.niceMax?.(v))).toEqual([
      1, 0.5, 10, 10, 20, 200, 5_000,
    ]);
  });
});
