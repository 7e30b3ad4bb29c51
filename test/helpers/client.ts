import assert from 'node:assert/strict';

/** A tiny browser for HTTP tests: keeps cookies, follows nothing, finds CSRF tokens in pages. */
export class Client {
  private readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const [name = '', ...value] = pair.split('=');
      const text = value.join('=');
      if (text === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, text);
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  forget(name: string): void {
    this.cookies.delete(name);
  }

  async get(path: string): Promise<{ status: number; location: string | null; html: string }> {
    const response = await fetch(this.base + path, { redirect: 'manual', headers: { cookie: this.cookieHeader } });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  async post(
    path: string,
    form: Record<string, string | string[]>,
  ): Promise<{ status: number; location: string | null; html: string }> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
    const response = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      body: body.toString(),
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  /** POSTs a multipart form (files); the browser's cookies go along and come back. */
  async postMultipart(
    path: string,
    form: FormData,
  ): Promise<{ status: number; location: string | null; html: string }> {
    const response = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      body: form,
      headers: { cookie: this.cookieHeader },
    });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  /** GETs a page and POSTs its form with the page's CSRF token added. */
  async submit(pagePath: string, action: string, form: Record<string, string | string[]>) {
    const page = await this.get(pagePath);
    assert.equal(page.status, 200, `${pagePath} answered ${page.status}`);
    return this.post(action, { ...form, _csrf: csrfIn(page.html) });
  }
}

export function csrfIn(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page has a CSRF token');
  return token;
}
