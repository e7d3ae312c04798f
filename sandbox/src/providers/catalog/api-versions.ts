/**
 * api-versions the INSTALLED SDK clients send (read from node_modules, not from the docs table):
 *  - @azure/arm-compute 25.1.1: virtualMachines, virtualMachineImages, usage -> 2026-04-01;
 *    resourceSkus -> 2021-07-01 (grep '"api%2Dversion"' node_modules/@azure/arm-compute/dist/esm/api/<group>/operations.js).
 *  - @azure/arm-network 39.0.0: 2026-01-01 (same grep under arm-network).
 * Update these together with the packages; the ARM core rejects any other version with Azure's
 * InvalidApiVersionParameter error.
 */
export const COMPUTE_API_VERSIONS = ['2026-04-01'];
export const RESOURCE_SKUS_API_VERSIONS = ['2021-07-01'];
export const NETWORK_API_VERSIONS = ['2026-01-01'];
