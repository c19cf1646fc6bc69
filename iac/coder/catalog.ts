/**
 * The workspace catalog: one Coder template per t-shirt size of the design
 * (SW Dev S/M/L, Platform/DevSecOps, Data Sci Standard/Large/XLarge, and a
 * Windows size for the Windows composition), each pointing at a composed
 * template (toolchain + infrastructure base). The composed templates offer
 * these sizes as their compute-profile parameter.
 */
export interface TShirtSize {
  /** Template name in Coder. */
  name: string;
  displayName: string;
  vcpu: number;
  memoryGiB: number;
  storageGiB: number;
  /** Composed template directory under templates/composed/. */
  composition: 'pod-swdev' | 'pod-swdev-gui' | 'ec2-swdev' | 'ec2-swdev-gui' | 'ec2-windev-gui' | 'ec2-datasci' | 'ec2-datasci-gpu';
  audience: string;
}

/** Compositions that run on GPU instances (base-ec2-gpu). */
export const GPU_COMPOSITIONS: ReadonlyArray<TShirtSize['composition']> = ['ec2-datasci-gpu'];
export const isGpuSize = (size: TShirtSize): boolean => GPU_COMPOSITIONS.includes(size.composition);

// #region tshirt-sizes
export const TSHIRT_SIZES: readonly TShirtSize[] = [
  { name: 'swdev-small', displayName: 'SW Dev Small', vcpu: 2, memoryGiB: 4, storageGiB: 20, composition: 'pod-swdev', audience: 'Light development' },
  { name: 'swdev-medium', displayName: 'SW Dev Medium', vcpu: 4, memoryGiB: 8, storageGiB: 50, composition: 'pod-swdev', audience: 'Standard development' },
  { name: 'swdev-large', displayName: 'SW Dev Large', vcpu: 8, memoryGiB: 16, storageGiB: 100, composition: 'pod-swdev', audience: 'Heavy development' },
  { name: 'platform-devsecops', displayName: 'Platform/DevSecOps', vcpu: 4, memoryGiB: 8, storageGiB: 100, composition: 'ec2-swdev', audience: 'Infrastructure work' },
  // A Linux desktop in the browser (XFCE over KasmVNC, Ubuntu 24.04): browser testing, GUI IDEs. A
  // desktop session and a browser want more memory than SW Dev Medium's 8 GiB. As a pod (the desktop
  // in the image) and on its own EC2 instance (installed at first boot; a whole VM: Docker, systemd).
  { name: 'swdev-desktop', displayName: 'SW Dev Desktop', vcpu: 4, memoryGiB: 16, storageGiB: 50, composition: 'pod-swdev-gui', audience: 'Linux desktop in the browser (browser testing, GUI IDEs)' },
  { name: 'swdev-desktop-vm', displayName: 'SW Dev Desktop VM', vcpu: 4, memoryGiB: 16, storageGiB: 50, composition: 'ec2-swdev-gui', audience: 'Linux desktop on its own VM (Docker, systemd services)' },
  { name: 'datasci-standard', displayName: 'Data Sci Standard', vcpu: 8, memoryGiB: 32, storageGiB: 500, composition: 'ec2-datasci', audience: 'Data analysis' },
  { name: 'datasci-large', displayName: 'Data Sci Large', vcpu: 16, memoryGiB: 64, storageGiB: 1024, composition: 'ec2-datasci-gpu', audience: 'ML training (1 NVIDIA A10G GPU)' },
  { name: 'datasci-xlarge', displayName: 'Data Sci XLarge', vcpu: 32, memoryGiB: 64, storageGiB: 2048, composition: 'ec2-datasci-gpu', audience: 'Large ML (1 NVIDIA A10G GPU)' },
  // The design gives the Windows toolchain the SW Dev Medium and Large sizes. Visual Studio 2022 asks
  // 4 GB of memory at least and recommends 16 GB and four cores, and Windows Server with the IDE
  // and a DCV console session leaves little of 8 GiB: so Medium has SW Dev Medium's 4 vCPU with
  // the recommended 16 GiB, and Large keeps 8 vCPU and 32 GiB (docs/templates/sizes-gui-gpu.mdx).
  { name: 'windev-medium', displayName: 'Windows Dev Medium', vcpu: 4, memoryGiB: 16, storageGiB: 100, composition: 'ec2-windev-gui', audience: 'Windows and .NET development (remote desktop)' },
  { name: 'windev-large', displayName: 'Windows Dev Large', vcpu: 8, memoryGiB: 32, storageGiB: 100, composition: 'ec2-windev-gui', audience: 'Windows and .NET development (remote desktop)' },
];
// #endregion tshirt-sizes
