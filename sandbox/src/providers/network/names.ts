/**
 * Microsoft.Network naming rule shared by VNets, subnets, NSGs, security rules, public IPs and
 * NICs: 1-80 characters, begins with a word character, ends with a word character or `_`, may
 * contain word characters, `.`, `-`, `_`. Error code and message as Azure returns them (real
 * message quoted in rh-mobb/documentation#204).
 */
import { ArmError } from '../../arm/types';

const NETWORK_NAME = /^\w(?:[\w.-]{0,78}\w)?$/;

export function validateNetworkName(name: string): void {
  if (!NETWORK_NAME.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
    );
  }
}
