// Following Graph's @odata.nextLink safely: only to the page's own origin and path, so a tampered or misrouted link
// can never carry the token elsewhere; and only with the paging options this client understands.
import { GraphError } from './errors.js';

const PAGING = new Set(['$top', '$skiptoken']);

/** The query of the next page, from the nextLink a page carried, or a GraphError that says why it is not followed. */
export function nextPage(next: unknown, pageUrl: string, res: Response): Record<string, string> {
  const refuse = (why: string) =>
    new GraphError({ status: res.status, code: 'InvalidNextLink', message: `@odata.nextLink ${why}; it was not followed`, requestId: res.headers.get('request-id') ?? undefined, body: next });
  let url: URL;
  try {
    url = new URL(String(next), pageUrl);
  } catch {
    throw refuse(`is not a URL (got ${JSON.stringify(next)})`);
  }
  if (typeof next !== 'string') throw refuse(`is not a string (got ${JSON.stringify(next)})`);
  const page = new URL(pageUrl);
  if (url.origin !== page.origin) throw refuse(`points to ${url.origin}, not to ${page.origin} where the token goes`);
  if (url.pathname !== page.pathname) throw refuse(`points to ${url.pathname}, not to the listing at ${page.pathname}`);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (!PAGING.has(key)) throw refuse(`carries ${key}, which this client does not send (only $top and $skiptoken)`);
    query[key] = value;
  }
  return query;
}
