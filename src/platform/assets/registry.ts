/** A static file served from memory, content-hashed and precompressed. */
export interface Asset {
  readonly name: string;
  /** URL path with the content hash, e.g. `/assets/site.3f2a9c1b.css`. */
  readonly href: string;
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
}

const assets = new Map<string, Asset>();
const byHref = new Map<string, Asset>();

export function registerAssets(list: readonly Asset[]): void {
  for (const asset of list) {
    assets.set(asset.name, asset);
    byHref.set(asset.href, asset);
  }
}

/** The hashed URL of a named asset; throws if the asset pipeline has not run. */
export function assetHref(name: string): string {
  const asset = assets.get(name);
  if (!asset) throw new Error(`Asset ${name} is not built (prepareAssets must run before rendering)`);
  return asset.href;
}

export function assetAt(hrefPath: string): Asset | undefined {
  return byHref.get(hrefPath);
}
