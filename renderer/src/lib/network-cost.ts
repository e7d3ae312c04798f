/**
 * What a cluster pays for besides its VMs, per hour, at Azure's list prices in USD. The VM prices
 * come from the Retail Prices API through azure.sizes; these few fixed meters come from the same
 * API (https://prices.azure.com/api/retail/prices, `priceType eq 'Consumption'`), read from its
 * answers of 2026-10-03:
 *  - `serviceName eq 'Virtual Network' and meterName eq 'Standard IPv4 Static Public IP'`:
 *    0.005 USD per "1 Hour" (eastus, meterId 9c150bf9-2bad-430e-a53c-c213804f49ef). Every node has
 *    one (plan/build-plan.ts: `pip:<node>`), and with three control planes the API's load
 *    balancer has one more (plan/ha-steps.ts: `api-pip`).
 *  - `serviceName eq 'Load Balancer' and meterName eq 'Standard Included LB Rules and Outbound Rules'`:
 *    0.025 USD per "1 Hour" (armRegionName Global, meterId 27827eb0-7f60-4928-940b-f5fe15e7a4cb); it
 *    covers the first five load-balancing and outbound rules, and the API's load balancer has two
 *    (https://azure.microsoft.com/pricing/details/load-balancer/).
 * Data processed and egress are billed per GB of traffic and left out: they depend on use.
 */
export const NETWORK_PRICES_USD = {
  publicIpPerHour: 0.005,
  loadBalancerPerHour: 0.025,
} as const;

export interface NetworkLine {
  role: string;
  count: number;
  perHour: number;
}

/** The public IPs of every node and, with three control planes, the API's load balancer and its IP. */
export function networkLines(controlPlanes: number, workers: number): NetworkLine[] {
  const p = NETWORK_PRICES_USD;
  const nodes = controlPlanes + workers;
  const lines: NetworkLine[] = [{ role: `Public IPs of the nodes`, count: nodes, perHour: nodes * p.publicIpPerHour }];
  if (controlPlanes === 3) {
    lines.push({ role: 'API load balancer', count: 1, perHour: p.loadBalancerPerHour }, { role: 'Public IP of the API load balancer', count: 1, perHour: p.publicIpPerHour });
  }
  return lines;
}
