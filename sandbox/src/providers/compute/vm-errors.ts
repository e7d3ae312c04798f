/**
 * Azure's errors for virtual machine requests, with the real codes and (where a public quote
 * exists) the real wording, from the public threads listed in docs/azure.md#errors unless a
 * comment says otherwise.
 */
import { ArmError } from '../../arm/types';

export function invalidParameter(message: string, target: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, undefined, { target });
}

/** "Required parameter 'x' is missing (null)." - CRP's wording for a missing property (from memory). */
export function missingParameter(name: string): ArmError {
  return invalidParameter(`Required parameter '${name}' is missing (null).`, name);
}

export function customDataInvalid(): ArmError {
  return invalidParameter('Custom data in OSProfile must be in Base64 encoding and with a maximum length of 87380 characters.', 'customData');
}

export function adminUsernameNotAllowed(): ArmError {
  return invalidParameter('The Admin Username specified is not allowed.', 'adminUsername');
}

export function sshKeyInvalid(): ArmError {
  return invalidParameter('The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.', 'linuxConfiguration.ssh.publicKeys.keyData');
}

/** Plan image without `plan` in the request (real, 2023+ wording). */
export function planMissing(vmId: string): ArmError {
  return new ArmError(
    400,
    'VMMarketplaceInvalidInput',
    `Creating a virtual machine from Marketplace image or a custom image sourced from a Marketplace image requires Plan information in the request. VM: '${vmId}'.`,
  );
}

/** Plan given but not the image's (same code; wording written for the sandbox). */
export function planMismatch(vmId: string, expected: { name: string; product: string; publisher: string }): ArmError {
  return new ArmError(
    400,
    'VMMarketplaceInvalidInput',
    `The purchase plan in the request does not match the plan of the Marketplace image (name '${expected.name}', product '${expected.product}', publisher '${expected.publisher}'). VM: '${vmId}'.`,
  );
}

/** Terms not accepted (real outer and inner wording, incl. the service's typo 'eligibilty'). */
export function termsNotAccepted(publisher: string, offer: string): ArmError {
  return new ArmError(400, 'MarketplacePurchaseEligibilityFailed', 'Marketplace purchase eligibilty check returned errors. See inner errors for details. ', [
    {
      code: 'BadRequest',
      message: `Offer with PublisherId: ${publisher}, OfferId: ${offer} cannot be purchased due to validation errors. See details for more information.[{"Legal terms have not been accepted for this item on this subscription. To accept legal terms using PowerShell, please use Get-AzureRmMarketplaceTerms and Set-AzureRmMarketplaceTerms API(https://go.microsoft.com/fwlink/?linkid=862451) or deploy via the Azure portal to accept the terms":"StoreApi"}]`,
    },
  ]);
}

/** Size not offered / restricted for the subscription (real, classic per-resource wording). */
export function skuNotAvailable(vmId: string, size: string, location: string, subscriptionId: string): ArmError {
  void size; // the classic message names the resource, not the size
  return new ArmError(
    409,
    'SkuNotAvailable',
    `The requested size for resource '${vmId}' is currently not available in location '${location}' zones '' for subscription '${subscriptionId}'. Please try another size or deploy to a different location or zones. See https://aka.ms/azureskunotavailable for details.`,
  );
}

/** Gen1-only size with a Gen2 image, or the reverse (real wording). */
export function generationMismatch(size: string, imageGeneration: 'V1' | 'V2'): ArmError {
  const g = imageGeneration === 'V2' ? '2' : '1';
  return new ArmError(
    400,
    'BadRequest',
    `The selected VM size '${size}' cannot boot Hypervisor Generation '${g}'. If this was a Create operation please check that the Hypervisor Generation of the Image matches the Hypervisor Generation of the selected VM Size. If this was an Update operation please select a Hypervisor Generation '${g}' VM Size. For more information, see https://aka.ms/azuregen2vm`,
  );
}

/**
 * Trusted Launch (or Confidential VM) asked for with an image that does not support it: every
 * Flatcar image on Azure (flatcar/Flatcar#1249; the image versions carry no `SecurityType`
 * feature). Real code and wording for TrustedLaunch (Azure/azure-cli#27975 and #28005, a direct VM
 * PUT; a template deployment wraps it in DeploymentFailed). For ConfidentialVM no public quote was
 * found: the same sentence with that setting's name.
 */
export function securityTypeNotSupported(securityType: 'TrustedLaunch' | 'ConfidentialVM'): ArmError {
  const faq = securityType === 'TrustedLaunch' ? 'Please select Trusted Launch Supported Gen2 OS Image. ' : '';
  return new ArmError(400, 'BadRequest', `Use of ${securityType} setting is not supported for the provided image. ${faq}For more information, see https://aka.ms/TrustedLaunch-FAQ.`);
}

/** Image and size of different CPU architectures. Code per reference; wording NOT sourced. */
export function architectureMismatch(size: string, sizeArch: string, imageArch: string): ArmError {
  return new ArmError(
    400,
    'BadRequest',
    `The selected VM size '${size}' has CPU architecture '${sizeArch}' and cannot boot an image with CPU architecture '${imageArch}'. Please select a VM size that supports CPU architecture '${imageArch}'.`,
  );
}

/** Platform image that does not exist (code and wording from memory of CRP's answer). */
export function platformImageNotFound(urn: string): ArmError {
  return new ArmError(
    404,
    'PlatformImageNotFound',
    `The platform image '${urn}' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile`,
  );
}

function quotaRequestLink(subscriptionId: string, location: string, resourceName: string, newLimit: number): string {
  const params = {
    subscriptionId,
    command: 'openQuotaApprovalBlade',
    quotas: [{ location, providerId: 'Microsoft.Compute', resourceName, quotaRequest: { properties: { limit: newLimit, unit: 'Count', name: { value: resourceName } } } }],
  };
  return `https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/${encodeURIComponent(JSON.stringify(params))}`;
}

/**
 * vCPU quota exceeded (real format; `quotaName` is 'Total Regional Cores' or the family name, e.g.
 * 'standardBSFamily'). The link tail varies by date in Azure; this one follows the family sample.
 */
export function quotaExceeded(
  subscriptionId: string,
  location: string,
  quotaName: string,
  usageName: string,
  limit: number,
  usage: number,
  required: number,
): ArmError {
  const newLimit = usage + required;
  return new ArmError(
    409,
    'OperationNotAllowed',
    `Operation could not be completed as it results in exceeding approved ${quotaName} Cores quota. Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${usage}, Additional Required: ${required}, (Minimum) New Limit Required: ${newLimit}. Submit a request for Quota increase at ${quotaRequestLink(subscriptionId, location, usageName, newLimit)} by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/per-vm-quota-requests`,
  );
}

/**
 * OS provisioning timed out (real wording: berops/claudie#386, aks-engine#3694, 2020-2024). Used
 * when the `vm-provisioning-failed` fault fires without a message of its own.
 */
export function osProvisioningTimedOutMessage(vmName: string): string {
  return `OS Provisioning for VM '${vmName}' did not finish in the allotted time. The VM may still finish provisioning successfully. Please check provisioning state later. For details on how to check current provisioning state of Windows VMs, refer to https://aka.ms/WindowsVMLifecycle and Linux VMs, refer to https://aka.ms/LinuxVMLifecycle.`;
}

/** Invalid VM resource name. Code per ARM; wording written for the sandbox (no public quote found). */
export function invalidVmName(name: string): ArmError {
  return new ArmError(
    400,
    'InvalidResourceName',
    `The resource name '${name}' is invalid. A virtual machine name can be up to 64 characters long, cannot begin with '_', cannot end with '.' or '-', and cannot contain any of: \\ / " ' [ ] : | < > + = ; , ? * @ & ~ ! # $ % ^ ( ) { } or whitespace.`,
  );
}

/** computerName rule for Linux (CRP's real wording, quoted from memory). */
export function invalidComputerName(): ArmError {
  return invalidParameter(
    "Linux host name cannot exceed 64 characters in length or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : ' \" , < > / ?.",
    'computerName',
  );
}
