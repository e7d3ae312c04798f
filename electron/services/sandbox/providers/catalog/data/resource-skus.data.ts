/**
 * GENERATED: the Resource SKUs recorded in /work/shared/reference/azure/resource-skus-sample.json
 * (GET /subscriptions/{id}/providers/Microsoft.Compute/skus, api-version 2021-07-01), copied
 * verbatim, in recorded order. `provenance` says whether the entry is a real recording or was
 * assembled from the Microsoft size docs (see that file's `_entryProvenance`). Do not edit by hand;
 * the generalisation to every region lives in ../resource-skus.ts.
 */
import type { ResourceSku } from '../catalog-types';

export interface RecordedSku {
  provenance: 'real' | 'assembled';
  sku: ResourceSku;
}

export const RECORDED_SKUS: RecordedSku[] = [
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_A1_v2",
   "tier": "Standard",
   "size": "A1_v2",
   "family": "standardAv2Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "10240"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "1"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1"
    },
    {
     "name": "MemoryGB",
     "value": "2"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "2"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "False"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "PaaS,IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "1"
    },
    {
     "name": "ACUs",
     "value": "100"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "1000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "20971520"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "10485760"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "1600"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "24000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "False"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B1ms",
   "tier": "Standard",
   "size": "B1ms",
   "family": "standardBSFamily",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "3",
        "2",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "4096"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "1"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "2"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "2"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "1"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "800"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "22528000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "22528000"
    },
    {
     "name": "CachedDiskBytes",
     "value": "32212254720"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "640"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "22500000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B1s",
   "tier": "Standard",
   "size": "B1s",
   "family": "standardBSFamily",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "3",
        "2",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "4096"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "1"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "1"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "2"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "1"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "400"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "22528000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "22528000"
    },
    {
     "name": "CachedDiskBytes",
     "value": "32212254720"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "320"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "22500000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B2ms",
   "tier": "Standard",
   "size": "B2ms",
   "family": "standardBSFamily",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "3",
        "2",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "16384"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "2400"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "23592960"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "23592960"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "1920"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "23592960"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "3"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B2s",
   "tier": "Standard",
   "size": "B2s",
   "family": "standardBSFamily",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "3",
        "2",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "8192"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "4"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "1600"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "22528000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "22528000"
    },
    {
     "name": "CachedDiskBytes",
     "value": "32212254720"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "1280"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "22500000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "3"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B4ms",
   "tier": "Standard",
   "size": "B4ms",
   "family": "standardBSFamily",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "3",
        "2",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "32768"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "4"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "16"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "8"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "4"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "3600"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "36700160"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "36700160"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "2880"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "36700160"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "4"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D2ads_v5",
   "tier": "Standard",
   "size": "D2ads_v5",
   "family": "standardDADSv5Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "3",
        "2",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "76800"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "HibernationSupported",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "PaaS,IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "ACUs",
     "value": "230"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "9000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "125000000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "125000000"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "82000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D2as_v5",
   "tier": "Standard",
   "size": "D2as_v5",
   "family": "standardDASv5Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "3",
        "2",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "HibernationSupported",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS,PaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "ACUs",
     "value": "230"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "85983232"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D2ps_v5",
   "tier": "Standard",
   "size": "D2ps_v5",
   "family": "standardDPSv5Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "2",
      "1",
      "3"
     ],
     "zoneDetails": [
      {
       "Name": [
        "2",
        "1",
        "3"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "Arm64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "9375"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "125000000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "125000000"
    },
    {
     "name": "CachedDiskBytes",
     "value": "53687091200"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "85000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D2s_v5",
   "tier": "Standard",
   "size": "D2s_v5",
   "family": "standardDSv5Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "2",
      "3",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "2",
        "3",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "HibernationSupported",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "19000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "131072000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "131072000"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "89128960"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D4s_v5",
   "tier": "Standard",
   "size": "D4s_v5",
   "family": "standardDSv5Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "2",
      "3",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "2",
        "3",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "4"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "16"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "8"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "HibernationSupported",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "4"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "38500"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "262144000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "262144000"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "6400"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "152043520"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_E2s_v5",
   "tier": "Standard",
   "size": "E2s_v5",
   "family": "standardESv5Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "2",
      "3",
      "1"
     ],
     "zoneDetails": [
      {
       "Name": [
        "2",
        "3",
        "1"
       ],
       "capabilities": [
        {
         "name": "UltraSSDAvailable",
         "value": "True"
        }
       ]
      }
     ]
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "16"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "19000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "131072000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "131072000"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "89128960"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_DS13_v2_Promo",
   "tier": "Standard",
   "size": "DS13_v2_Promo",
   "family": "standardDSv2PromoFamily",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [
      "3",
      "2",
      "1"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "114688"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "8"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "56"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "32"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "8"
    },
    {
     "name": "ACUs",
     "value": "210"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "32000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "268435456"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "268435456"
    },
    {
     "name": "CachedDiskBytes",
     "value": "309237645312"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "25600"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "402653184"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "8"
    }
   ],
   "restrictions": [
    {
     "type": "Location",
     "values": [
      "westus2"
     ],
     "restrictionInfo": {
      "locations": [
       "westus2"
      ]
     },
     "reasonCode": "NotAvailableForSubscription"
    },
    {
     "type": "Zone",
     "values": [
      "westus2"
     ],
     "restrictionInfo": {
      "locations": [
       "westus2"
      ],
      "zones": [
       "1",
       "2",
       "3"
      ]
     },
     "reasonCode": "NotAvailableForSubscription"
    }
   ]
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_A0",
   "tier": "Standard",
   "size": "A0",
   "family": "standardA0_A7Family",
   "locations": [
    "westus2"
   ],
   "locationInfo": [
    {
     "location": "westus2",
     "zones": [],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "20480"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "1"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1"
    },
    {
     "name": "MemoryGB",
     "value": "0.75"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "1"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "False"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS,PaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "1"
    },
    {
     "name": "ACUs",
     "value": "50"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "False"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [
    {
     "type": "Zone",
     "values": [
      "westus2"
     ],
     "restrictionInfo": {
      "locations": [
       "westus2"
      ],
      "zones": [
       "1",
       "2",
       "3"
      ]
     },
     "reasonCode": "NotAvailableForSubscription"
    }
   ]
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D2s_v3",
   "tier": "Standard",
   "size": "D2s_v3",
   "family": "standardDSv3Family",
   "locations": [
    "southcentralus"
   ],
   "locationInfo": [
    {
     "location": "southcentralus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "16384"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "SupportedEphemeralOSDiskPlacements",
     "value": "ResourceDisk,CacheDisk"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "ACUs",
     "value": "160"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "4000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "32768000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "32768000"
    },
    {
     "name": "CachedDiskBytes",
     "value": "53687091200"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3200"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "48000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    },
    {
     "name": "UltraSSDAvailable",
     "value": "True"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D2as_v6",
   "tier": "Standard",
   "size": "D2as_v6",
   "family": "standardDav6Family",
   "locations": [
    "southcentralus"
   ],
   "locationInfo": [
    {
     "location": "southcentralus",
     "zones": [
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "DiskControllerTypes",
     "value": "NVMe"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "ACUs",
     "value": "230"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "9000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "125000000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "125000000"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "4000"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "90000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    },
    {
     "name": "UltraSSDAvailable",
     "value": "True"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D16plds_v5",
   "tier": "Standard",
   "size": "D16plds_v5",
   "family": "standardDPLDSv5Family",
   "locations": [
    "southcentralus"
   ],
   "locationInfo": [
    {
     "location": "southcentralus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "614400"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "16"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "SupportedEphemeralOSDiskPlacements",
     "value": "ResourceDisk,CacheDisk"
    },
    {
     "name": "MemoryGB",
     "value": "32"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "32"
    },
    {
     "name": "CpuArchitectureType",
     "value": "Arm64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "16"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "75000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "1000000000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "1000000000"
    },
    {
     "name": "CachedDiskBytes",
     "value": "429496729600"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "25600"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "600000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "TrustedLaunchDisabled",
     "value": "True"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "4"
    },
    {
     "name": "UltraSSDAvailable",
     "value": "True"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_F16s_v2",
   "tier": "Standard",
   "size": "F16s_v2",
   "family": "standardFSv2Family",
   "locations": [
    "southcentralus"
   ],
   "locationInfo": [
    {
     "location": "southcentralus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "131072"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "16"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "SupportedEphemeralOSDiskPlacements",
     "value": "ResourceDisk,CacheDisk"
    },
    {
     "name": "MemoryGB",
     "value": "32"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "32"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "True"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "16"
    },
    {
     "name": "ACUs",
     "value": "195"
    },
    {
     "name": "vCPUsPerCore",
     "value": "2"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "32000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "262144000"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "262144000"
    },
    {
     "name": "CachedDiskBytes",
     "value": "274877906944"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "25600"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "384000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "True"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "4"
    },
    {
     "name": "UltraSSDAvailable",
     "value": "True"
    }
   ],
   "restrictions": []
  }
 },
 {
  "provenance": "real",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_A0",
   "tier": "Standard",
   "size": "A0",
   "family": "standardA0_A7Family",
   "locations": [
    "westcentralus"
   ],
   "locationInfo": [
    {
     "location": "westcentralus",
     "zones": [],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "20480"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "1"
    },
    {
     "name": "MemoryPreservingMaintenanceSupported",
     "value": "True"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1"
    },
    {
     "name": "MemoryGB",
     "value": "0.75"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "1"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "LowPriorityCapable",
     "value": "False"
    },
    {
     "name": "PremiumIO",
     "value": "False"
    },
    {
     "name": "VMDeploymentTypes",
     "value": "IaaS,PaaS"
    },
    {
     "name": "vCPUsAvailable",
     "value": "1"
    },
    {
     "name": "ACUs",
     "value": "50"
    },
    {
     "name": "vCPUsPerCore",
     "value": "1"
    },
    {
     "name": "CombinedTempDiskAndCachedIOPS",
     "value": "1000"
    },
    {
     "name": "CombinedTempDiskAndCachedReadBytesPerSecond",
     "value": "20971520"
    },
    {
     "name": "CombinedTempDiskAndCachedWriteBytesPerSecond",
     "value": "10485760"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "1600"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "24000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "EncryptionAtHostSupported",
     "value": "False"
    },
    {
     "name": "CapacityReservationSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "False"
    },
    {
     "name": "RdmaEnabled",
     "value": "False"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [
    {
     "type": "Location",
     "values": [
      "westcentralus"
     ],
     "restrictionInfo": {
      "locations": [
       "westcentralus"
      ]
     },
     "reasonCode": "NotAvailableForSubscription"
    }
   ]
  }
 },
 {
  "provenance": "assembled",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B2ls_v2",
   "tier": "Standard",
   "size": "B2ls_v2",
   "family": "standardBsv2Family",
   "locations": [
    "eastus"
   ],
   "locationInfo": [
    {
     "location": "eastus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "MemoryGB",
     "value": "4"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "85000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [],
   "_assembled": true
  }
 },
 {
  "provenance": "assembled",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B2s_v2",
   "tier": "Standard",
   "size": "B2s_v2",
   "family": "standardBsv2Family",
   "locations": [
    "eastus"
   ],
   "locationInfo": [
    {
     "location": "eastus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "85000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [],
   "_assembled": true
  }
 },
 {
  "provenance": "assembled",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B2as_v2",
   "tier": "Standard",
   "size": "B2as_v2",
   "family": "standardBasv2Family",
   "locations": [
    "eastus"
   ],
   "locationInfo": [
    {
     "location": "eastus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "85000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [],
   "_assembled": true
  }
 },
 {
  "provenance": "assembled",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_B2pts_v2",
   "tier": "Standard",
   "size": "B2pts_v2",
   "family": "standardBpsv2Family",
   "locations": [
    "eastus"
   ],
   "locationInfo": [
    {
     "location": "eastus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "MemoryGB",
     "value": "1"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "Arm64"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "85000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [],
   "_assembled": true
  }
 },
 {
  "provenance": "assembled",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_D2s_v6",
   "tier": "Standard",
   "size": "D2s_v6",
   "family": "StandardDsv6Family",
   "locations": [
    "eastus"
   ],
   "locationInfo": [
    {
     "location": "eastus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "0"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "HyperVGenerations",
     "value": "V2"
    },
    {
     "name": "DiskControllerTypes",
     "value": "NVMe"
    },
    {
     "name": "MemoryGB",
     "value": "8"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "8"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3750"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "106000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "False"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [],
   "_assembled": true
  }
 },
 {
  "provenance": "assembled",
  "sku": {
   "resourceType": "virtualMachines",
   "name": "Standard_F2s_v2",
   "tier": "Standard",
   "size": "F2s_v2",
   "family": "standardFSv2Family",
   "locations": [
    "eastus"
   ],
   "locationInfo": [
    {
     "location": "eastus",
     "zones": [
      "1",
      "2",
      "3"
     ],
     "zoneDetails": []
    }
   ],
   "capabilities": [
    {
     "name": "MaxResourceVolumeMB",
     "value": "16384"
    },
    {
     "name": "OSVhdSizeMB",
     "value": "1047552"
    },
    {
     "name": "vCPUs",
     "value": "2"
    },
    {
     "name": "HyperVGenerations",
     "value": "V1,V2"
    },
    {
     "name": "MemoryGB",
     "value": "4"
    },
    {
     "name": "MaxDataDiskCount",
     "value": "4"
    },
    {
     "name": "CpuArchitectureType",
     "value": "x64"
    },
    {
     "name": "PremiumIO",
     "value": "True"
    },
    {
     "name": "vCPUsAvailable",
     "value": "2"
    },
    {
     "name": "UncachedDiskIOPS",
     "value": "3200"
    },
    {
     "name": "UncachedDiskBytesPerSecond",
     "value": "47000000"
    },
    {
     "name": "EphemeralOSDiskSupported",
     "value": "True"
    },
    {
     "name": "AcceleratedNetworkingEnabled",
     "value": "True"
    },
    {
     "name": "MaxNetworkInterfaces",
     "value": "2"
    }
   ],
   "restrictions": [],
   "_assembled": true
  }
 }
];
