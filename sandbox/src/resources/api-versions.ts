/**
 * api-versions the installed clients send (read from node_modules, see docs/azure.md#sdk-clients-and-api-versions), plus a few
 * older ones other Azure tools still use, so `az` pointed at the sandbox works too.
 *   @azure/arm-resources-subscriptions 3.0.0 -> 2022-12-01
 *   @azure/arm-resources 8.0.0 -> 2025-04-01
 *   @azure/arm-marketplaceordering 3.1.1 -> 2021-01-01
 */
export const SUBSCRIPTIONS_API_VERSIONS = ['2022-12-01', '2021-01-01', '2020-01-01', '2016-06-01'];
export const RESOURCES_API_VERSIONS = ['2025-04-01', '2024-11-01', '2024-03-01', '2022-09-01', '2021-04-01'];
export const MARKETPLACE_ORDERING_API_VERSIONS = ['2021-01-01', '2015-06-01'];
