/**
 * Linux pay-as-you-go VM prices per region from the public Azure Retail Prices API (no auth,
 * OData $filter, NextPageLink paging; the sandbox serves the same API). Each region's answer is
 * cached on disk with its date: a fresh cache is used as is, a stale one when the API cannot be
 * reached (with its date shown). Without either, prices are "unknown": never invented.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { httpGetJson } from './http-json';

interface RetailItem {
  currencyCode: string;
  retailPrice: number;
  armSkuName: string;
  skuName: string;
  productName: string;
  meterName: string;
  type: string;
  unitOfMeasure: string;
  armRegionName: string;
}

interface RetailPage {
  Items: RetailItem[];
  NextPageLink: string | null;
}

export interface RegionPrices {
  /** armSkuName -> USD per hour. */
  perHour: Record<string, number>;
  currency: string;
  /** ISO time the list was fetched. */
  asOf?: string;
  /** Why there are no prices (then perHour is empty). */
  unknownReason?: string;
}

interface CacheFile {
  endpoint: string;
  location: string;
  fetchedAt: string;
  currency: string;
  perHour: Record<string, number>;
}

export interface RetailPricesOptions {
  endpoint: string;
  caCertPem?: string;
  /** Where the per-region cache files go; none = no disk cache. */
  cacheDir?: string;
  /** A cache younger than this is used without asking the API (default 7 days: list prices change monthly at most). */
  maxAgeMs?: number;
  now?: () => number;
  /** Bounds the paging (a real region answers 2-4 pages). */
  maxPages?: number;
  retryOptions?: PipelineRetryOptions;
}

/** Hours in Azure's pricing-calculator month. */
export const HOURS_PER_MONTH = 730;

/** Linux, regular (not Spot / Low Priority), hourly consumption rows only. */
export function isLinuxPayAsYouGo(i: RetailItem): boolean {
  return (
    i.type === 'Consumption' &&
    /hour/i.test(i.unitOfMeasure) &&
    !/windows/i.test(i.productName) &&
    !/spot|low priority/i.test(`${i.skuName} ${i.meterName}`) &&
    i.retailPrice > 0
  );
}

export class RetailPrices {
  private readonly memory = new Map<string, Promise<RegionPrices>>();

  constructor(private readonly opts: RetailPricesOptions) {}

  /** Prices for one region (memoised for this process; the disk cache spans restarts). */
  forRegion(location: string, signal?: AbortSignal): Promise<RegionPrices> {
    let p = this.memory.get(location);
    if (!p) {
      p = this.load(location, signal);
      this.memory.set(location, p);
      // Unknown prices are retried on the next call, not remembered.
      p.then((r) => r.unknownReason && this.memory.delete(location), () => this.memory.delete(location));
    }
    return p;
  }

  private cachePath(location: string): string | undefined {
    if (!this.opts.cacheDir) return undefined;
    const env = createHash('sha256').update(this.opts.endpoint).digest('hex').slice(0, 12);
    return path.join(this.opts.cacheDir, `retail-prices-${env}-${location}.json`);
  }

  private async readCache(location: string): Promise<CacheFile | undefined> {
    const p = this.cachePath(location);
    if (!p) return undefined;
    try {
      const c = JSON.parse(await readFile(p, 'utf8')) as CacheFile;
      return c.endpoint === this.opts.endpoint && c.location === location && typeof c.perHour === 'object' ? c : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeCache(c: CacheFile): Promise<void> {
    const p = this.cachePath(c.location);
    if (!p) return;
    await mkdir(path.dirname(p), { recursive: true });
    // Write then rename: a crash never leaves a half-written cache.
    const tmp = `${p}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(c));
    await rename(tmp, p);
  }

  private async load(location: string, signal?: AbortSignal): Promise<RegionPrices> {
    const now = this.opts.now ?? Date.now;
    const cached = await this.readCache(location);
    if (cached && now() - Date.parse(cached.fetchedAt) < (this.opts.maxAgeMs ?? 7 * 24 * 3600_000)) {
      return { perHour: cached.perHour, currency: cached.currency, asOf: cached.fetchedAt };
    }
    try {
      const fresh = await this.fetchRegion(location, signal);
      const file: CacheFile = { endpoint: this.opts.endpoint, location, fetchedAt: new Date(now()).toISOString(), currency: 'USD', perHour: fresh };
      await this.writeCache(file).catch(() => {});
      return { perHour: fresh, currency: 'USD', asOf: file.fetchedAt };
    } catch (err) {
      signal?.throwIfAborted();
      const why = err instanceof AppError ? err.message : (err as Error).message;
      if (cached) return { perHour: cached.perHour, currency: cached.currency, asOf: cached.fetchedAt };
      return { perHour: {}, currency: 'USD', unknownReason: `Price unknown: the Azure Retail Prices API could not be reached (${why}).` };
    }
  }

  private async fetchRegion(location: string, signal?: AbortSignal): Promise<Record<string, number>> {
    const filter = `serviceName eq 'Virtual Machines' and armRegionName eq '${location}' and priceType eq 'Consumption'`;
    let url: string | null = `${this.opts.endpoint}?currencyCode='USD'&$filter=${encodeURIComponent(filter)}`;
    const origin = new URL(this.opts.endpoint).origin;
    const out: Record<string, number> = {};
    for (let page = 0; url && page < (this.opts.maxPages ?? 50); page++) {
      // NextPageLink is absolute; follow it only on the API's own host.
      if (new URL(url).origin !== origin) throw new AppError('PRICES_BAD_LINK', 'The Retail Prices API sent a next-page link to another host.');
      const body: RetailPage = await httpGetJson<RetailPage>(url, {
        ...(this.opts.caCertPem ? { caCertPem: this.opts.caCertPem } : {}),
        ...(this.opts.retryOptions ? { retryOptions: this.opts.retryOptions } : {}),
        ...(signal ? { signal } : {}),
      });
      for (const item of body.Items ?? []) {
        if (!isLinuxPayAsYouGo(item) || item.currencyCode !== 'USD') continue;
        const prev = out[item.armSkuName];
        // Several meters per size exist (e.g. DevTest); the lowest regular one is the list price.
        if (prev === undefined || item.retailPrice < prev) out[item.armSkuName] = item.retailPrice;
      }
      url = body.NextPageLink;
    }
    return out;
  }
}
