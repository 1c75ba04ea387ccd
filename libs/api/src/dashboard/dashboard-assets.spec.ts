import { Script } from 'node:vm';
import { JOB_TYPES } from '@jobmill/contracts';
import { DASHBOARD_ASSETS, inputFieldDocs, optionDocs } from './dashboard-assets';

const { page, script, style } = DASHBOARD_ASSETS;

describe('dashboard assets', () => {
  it('is a script that parses', () => {
    expect(() => new Script(script.body, { filename: 'dashboard.js' })).not.toThrow();
  });

  it('finds in the page every element the script looks up by id', () => {
    const used = new Set([...script.body.matchAll(/byId\('([\w-]+)'\)/g)].map((m) => m[1]));
    const present = new Set([...page.body.matchAll(/\sid="([\w-]+)"/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((id) => !present.has(id))).toEqual([]);
  });

  it('loads nothing from another origin and runs nothing inline', () => {
    const refs = [...page.body.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(refs.filter((ref) => !/^[/#]/.test(ref) || ref.startsWith('//'))).toEqual([]);
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(page.body).not.toMatch(/\sstyle=|<style|\son[a-z]+=/);
    expect(style.body).not.toMatch(/url\(|@import/);
    // The SVG namespace is a name, not an address: the only URL the script may hold.
    const urls = [...script.body.matchAll(/https?:\/\/[^'"\s]*/g)].map((m) => m[0]);
    expect(urls).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('gives no input a name, so that no form can put a key in a URL', () => {
    expect(page.body).not.toMatch(/<(?:input|select|textarea)[^>]*\sname=/);
  });

  it("documents every job type's options from its schema", () => {
    const docs = optionDocs();
    expect(Object.keys(docs).sort()).toEqual([...JOB_TYPES].sort());
    expect(docs['detection.vad']?.map((d) => d.name)).toContain('sensitivity');
    expect(docs['processing.normalize']?.find((d) => d.name === 'sampleRate')?.text).toMatch(
      /one of 8000, .*48000/,
    );
    expect(docs['processing.clips']?.map((d) => d.name)).toEqual(['paddingMs', 'sampleRate']);
  });

  it('asks for the input fields a job type requires besides the file (the segments of clips)', () => {
    const fields = inputFieldDocs();
    expect(Object.keys(fields).sort()).toEqual([...JOB_TYPES].sort());
    expect(fields['processing.clips']?.map((d) => d.name)).toEqual(['segments']);
    expect(fields['detection.vad']).toEqual([]);
    expect(script.body).toContain('var INPUT_DOCS = ');
    expect(page.body).toContain('id="submit-input"');
  });
});
