import { outputFileName } from './output-file-name';

describe('output file name', () => {
  it("takes the extension from the blob's content type, whatever the job type", () => {
    expect(outputFileName('abc', 'audio/wav')).toBe('abc.wav');
    expect(outputFileName('abc', 'application/zip')).toBe('abc.zip');
    expect(outputFileName('abc', 'application/json; charset=utf-8')).toBe('abc.json');
    expect(outputFileName('abc', 'application/x-unheard-of')).toBe('abc.bin');
  });
});
