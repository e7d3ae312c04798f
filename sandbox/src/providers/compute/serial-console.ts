/**
 * A VM's serial console log as boot diagnostics serve it: retrieveBootDiagnosticsData (and the
 * instance view) hand out a blob URL with a SAS, and a plain GET of that URL reads the log. The
 * sandbox serves the log itself under `/_sandbox/serialconsole/{vmId}` with its stand-in for a
 * SAS (api-auth/signed-urls.ts): an expiry and a signature over path and expiry.
 */
import { storageAuthenticationFailed } from '../../api-auth/signed-urls';
import { ArmError, queryParam, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { vmGuid, type NodeBridge } from './node-bridge';
import { VM_TYPE } from './vm-model';

/**
 * How long a handed-out URL works unless the caller says otherwise, and the range it may ask
 * for. Azure: "Expiration duration in minutes for the SAS URIs with a value between 1 to 1440
 * minutes. NOTE: If not specified, SAS URIs will be generated with a default expiration duration
 * of 120 minutes." (VirtualMachines_RetrieveBootDiagnosticsData, parameter
 * sasUriExpirationTimeInMinutes, in Azure/azure-rest-api-specs
 * specification/compute/resource-manager/Microsoft.Compute/ComputeRP/.../virtualMachine.json;
 * the same text in @azure/arm-compute's VirtualMachinesRetrieveBootDiagnosticsDataOptionalParams.)
 */
export const DEFAULT_SAS_MINUTES = 120;
const MAX_SAS_MINUTES = 1440;

/** Where a VM's serial console log is served (like a boot-diagnostics blob URI). */
export function serialLogPath(guid: string): string {
  return `/_sandbox/serialconsole/${guid}`;
}

/** What a serial console URL's signature opens: this VM's log and nothing else. */
function serialLogResource(guid: string): string {
  return `serialconsole/${guid}`;
}

/** `sasUriExpirationTimeInMinutes` of the request: an integer in 1..1440, or Azure's default. */
export function sasLifetimeMinutes(req: ArmRequest): number {
  const raw = queryParam(req, 'sasUriExpirationTimeInMinutes');
  if (raw === undefined || raw === '') return DEFAULT_SAS_MINUTES;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAS_MINUTES) {
    throw new ArmError(400, 'InvalidParameter', `The value '${raw}' of parameter 'sasUriExpirationTimeInMinutes' is not valid. It must be a whole number of minutes between 1 and ${MAX_SAS_MINUTES}.`, undefined, {
      target: 'sasUriExpirationTimeInMinutes',
    });
  }
  return n;
}

/**
 * The serial console URL handed to clients: like Azure's blob URI with a SAS, the query lets a
 * plain GET (no bearer token) read this one VM's log, for `minutes` from now.
 */
export function serialLogUri(req: ArmRequest, deps: ProviderDeps, vm: ArmResource, minutes = DEFAULT_SAS_MINUTES): string {
  const guid = vmGuid(vm);
  return `${req.baseUrl}${serialLogPath(guid)}?${deps.signedUrls.sign(serialLogResource(guid), deps.now() + minutes * 60_000)}`;
}

/**
 * Sandbox-only: the serial console text of one VM, by vmId. No ARM token and no sandbox API token
 * (api-auth/api-gate.ts lets it through): the URL's signature is the credential.
 */
export function registerSerialConsoleRoute(router: ArmRouter, deps: ProviderDeps & { bridge: NodeBridge }): void {
  router.add({
    methods: ['GET'],
    pattern: '/_sandbox/serialconsole/{vmGuid}',
    apiVersions: '*',
    auth: false,
    handler: (req) => {
      // Checked before the lookup, so an unsigned request cannot even learn whether the VM exists.
      const now = deps.now();
      const check = deps.signedUrls.verify(serialLogResource(req.params.vmGuid!), { se: req.query.se, sig: req.query.sig }, now);
      if (!check.ok) return storageAuthenticationFailed(req.requestId, check, now);
      const vm = deps.store.listResources((r) => r.type === VM_TYPE && vmGuid(r) === req.params.vmGuid).at(0);
      if (!vm) return { status: 404, body: { error: { code: 'NotFound', message: `No VM with vmId '${req.params.vmGuid}'.` } } };
      // A blob of plain text, as Azure's boot diagnostics serve it.
      return { status: 200, body: deps.bridge.serialLog(vm), headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
    },
  });
}
