import { buildAsyncApiDocument } from './asyncapi-document';
import { renderAsyncApiMarkdown } from './asyncapi-markdown';

/** The committed documents under docs/, by file name, exactly as the generator writes them. */
export function asyncApiFiles(): Record<'asyncapi.json' | 'asyncapi.md', string> {
  const document = buildAsyncApiDocument();
  return {
    'asyncapi.json': `${JSON.stringify(document, null, 2)}\n`,
    'asyncapi.md': renderAsyncApiMarkdown(document),
  };
}
