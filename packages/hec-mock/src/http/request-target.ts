/**
 * A request's path and query, read from `req.url` without building a WHATWG URL: the path
 * as it came, the query parsed only when a handler asks for it (most HEC requests have none).
 */
export class RequestTarget {
  readonly pathname: string;
  private readonly query: string;
  private params: URLSearchParams | undefined;

  constructor(rawUrl: string) {
    const q = rawUrl.indexOf('?');
    this.pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    this.query = q < 0 ? '' : rawUrl.slice(q + 1);
  }

  get searchParams(): URLSearchParams {
    this.params ??= new URLSearchParams(this.query);
    return this.params;
  }
}
