/**
 * The Linux EC2 bootstrap (base-ec2-linux/user-data.sh.tftpl), rendered by
 * Terraform's own templatefile and run under bash, as cloud-init would run it
 * on Amazon Linux 2023: in a private mount namespace where /opt, /home,
 * /etc/fstab and /etc/systemd/system are scratch directories, with stand-ins
 * for the commands that touch users, disks and systemd. The stand-ins behave
 * like the AMI: uid 1000 already belongs to ec2-user, the root disk's serial
 * starts with vol like every EBS disk's, and the home volume shows up late
 * (or never).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import { parseDir, type Json } from '../helpers/hcl.js';
import { KASMVNC_VERSION } from '../../templates/compose/registry-modules.js';

const TEMPLATE = path.join(repoRoot, 'templates', 'base-ec2-linux', 'user-data.sh.tftpl');
const VOLUME = 'vol-0123456789abcdef0';
const INIT = '#!/bin/sh\necho "coder agent init"';
/** /etc/os-release of the distributions base-ec2-linux offers (os_distribution). */
const UBUNTU_NOBLE = 'NAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION_CODENAME=noble\nID=ubuntu\n';
const UBUNTU_JAMMY = 'NAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nID=ubuntu\n';
const AL2023 = 'NAME="Amazon Linux"\nVERSION_ID="2023"\nID="amzn"\n';
const DISTRIBUTIONS: Array<[string, string]> = [['amazon-linux-2023', AL2023], ['ubuntu-22.04', UBUNTU_JAMMY], ['ubuntu-24.04', UBUNTU_NOBLE]];

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const namespaces = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true'], { encoding: 'utf8' });
const shellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-userdata-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Vars {
  homeVolumeId: string;
  /** "kasmvnc" for a desktop (gui-vnc on Ubuntu), "" without. */
  desktop?: string;
}

/** The script as Terraform renders it (terraform console needs no init for built-in functions). */
function render(variants: Vars[]): string[] {
  const hcl = (s: string) => JSON.stringify(s);
  const calls = variants.map((v) => `templatefile(${hcl(TEMPLATE)}, { init_script = ${hcl(INIT)}, home_volume_id = ${hcl(v.homeVolumeId)}, desktop = ${hcl(v.desktop ?? '')}, kasmvnc_version = ${hcl(KASMVNC_VERSION)} })`);
  // One expression (the console answers only the last line of its input), base64 so nothing is escaped.
  const result = spawnSync('terraform', ['console'], { cwd: scratch, input: `base64encode(jsonencode([${calls.join(', ')}]))\n`, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(Buffer.from(JSON.parse(result.stdout.trim()) as string, 'base64').toString('utf8')) as string[];
}

const STUBS: Record<string, string> = {
  id: `if [ "$1" = -u ] && [ "$2" = coder ]; then [ -f "$S/state/user" ] && cat "$S/state/user" && exit 0; exit 1; fi; exec /usr/bin/id "$@"`,
  // Amazon Linux 2023: cloud-init created ec2-user with uid 1000 before user data runs.
  useradd: `for a in "$@"; do if [ "$prev" = --uid ] || [ "$prev" = -u ]; then [ "$a" = 1000 ] && { echo "useradd: UID 1000 is not unique" >&2; exit 4; }; fi; prev="$a"; done
echo 1001 >"$S/state/user"; mkdir -p /home/coder`,
  findmnt: 'echo /dev/nvme0n1p1',
  lsblk: `case "$*" in
  "-no PKNAME /dev/nvme0n1p1") echo nvme0n1 ;;
  "-dno NAME,SERIAL")
    n=$(( $(cat "$S/state/polls" 2>/dev/null || echo 0) + 1 )); echo "$n" >"$S/state/polls"
    echo "nvme0n1 vol0aaaaaaaaaaaaaaaa0"
    if [ -n "\${HOME_AFTER:-}" ] && [ "$n" -gt "$HOME_AFTER" ]; then echo "nvme1n1 \${HOME_SERIAL:-vol0123456789abcdef0}"; fi ;;
  *) exit 64 ;;
esac`,
  blkid: 'case "${BLKID:-empty}" in empty) exit 2 ;; ext4) echo ext4 ;; xfs) echo xfs ;; broken) exit 4 ;; esac',
  'mkfs.ext4': ':',
  // The disk: the scratch file disk (missing: the device cannot be read), read by the real dd.
  dd: 'args=(); for a in "$@"; do case "$a" in if=*) args+=("if=$S/disk") ;; iflag=*) ;; *) args+=("$a") ;; esac; done; exec /usr/bin/dd "${args[@]}"',
  mount: ':',
  mountpoint: 'exit 1',
  chown: ':',
  // Starting the agent starts the units it wants first, as systemd does: coder-home.service's
  // ExecStart runs, its exit is recorded, and the agent starts whatever it was.
  systemctl: `case "$*" in
  "enable --now coder-agent.service"|"start coder-agent.service")
    if [ -f /etc/systemd/system/coder-home.service ] && grep -q '^Wants=.*coder-home.service' /etc/systemd/system/coder-agent.service; then
      cmd="$(sed -n 's/^ExecStart=//p' /etc/systemd/system/coder-home.service)"; $cmd; echo "coder-home.service exit $?" >>"$S/calls"
    fi ;;
esac`,
  sleep: ':',
  // Ubuntu's package tools, for the desktop: recorded; curl fails when told to (CURL_FAIL).
  'apt-get': ':',
  dpkg: '[ "$1" = --print-architecture ] && echo amd64',
  curl: '[ -n "${CURL_FAIL:-}" ] && exit 22; :',
  usermod: ':',
};

interface Run {
  status: number | null;
  stderr: string;
  calls: string[];
  unit: string | undefined;
  init: string | undefined;
  fstab: string;
  dir: string;
}

/** The home volume as the scratch file disk: 256 MiB of zeros with the given bytes written, or none (unreadable). */
type Disk = Array<{ offset: number; text: string }> | 'none';

/** Runs a rendered script in a private mount namespace with the stand-ins first on PATH. */
function run(script: string, env: Record<string, string> = {}, disk: Disk = [], again?: string, osRelease?: string): Run {
  const s = again ?? fs.mkdtempSync(path.join(scratch, 'run-'));
  if (!again) {
    for (const d of ['bin', 'state', 'opt', 'home', 'systemd']) fs.mkdirSync(path.join(s, d));
    fs.writeFileSync(path.join(s, 'fstab'), '# stand-in fstab\n');
    for (const [name, body] of Object.entries(STUBS)) {
      fs.writeFileSync(path.join(s, 'bin', name), `#!/bin/bash\necho "${name} $*" >>"$S/calls"\n${body}\n`, { mode: 0o755 });
    }
  }
  fs.rmSync(path.join(s, 'disk'), { force: true });
  if (disk !== 'none') {
    const fd = fs.openSync(path.join(s, 'disk'), 'w');
    fs.ftruncateSync(fd, 256 * 1024 * 1024);
    for (const w of disk) fs.writeSync(fd, w.text, w.offset);
    fs.closeSync(fd);
  }
  fs.writeFileSync(path.join(s, 'calls'), '');
  // The distribution the script sees in /etc/os-release (the host's, unless given).
  if (osRelease !== undefined) fs.writeFileSync(path.join(s, 'os-release'), osRelease);
  fs.writeFileSync(path.join(s, 'user-data.sh'), script, { mode: 0o755 });
  const inner = ['mount --bind "$S/opt" /opt', 'mount --bind "$S/home" /home', 'mount --bind "$S/systemd" /etc/systemd/system', 'mount --bind "$S/fstab" /etc/fstab', ...(osRelease !== undefined ? ['mount --bind "$S/os-release" /etc/os-release'] : []), 'PATH="$S/bin:$PATH" exec bash "$S/user-data.sh"'].join(' && ');
  const result = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'bash', '-c', inner], { encoding: 'utf8', env: { ...process.env, ...env, S: s }, timeout: 60_000 });
  const read = (f: string) => (fs.existsSync(path.join(s, f)) ? fs.readFileSync(path.join(s, f), 'utf8') : undefined);
  return {
    status: result.status,
    stderr: result.stderr,
    calls: (read('calls') ?? '').trim().split('\n').filter(Boolean),
    unit: read('systemd/coder-agent.service'),
    init: read('opt/coder/init.sh'),
    fstab: read('fstab')!,
    dir: s,
  };
}

const started = (r: Run) => r.calls.includes('systemctl enable --now coder-agent.service') || r.calls.includes('systemctl start coder-agent.service');
/** A later boot of the same instance: systemd starts the enabled agent unit (user data does not run again). */
const boot = (r: Run, env: Record<string, string> = {}, disk: Disk = []) => run('#!/bin/bash\nsystemctl start coder-agent.service\n', env, disk, r.dir);
const mountScript = (script: string) => /<<'MOUNT_HOME'\n([\s\S]*?)\nMOUNT_HOME\n/.exec(script)![1]!;

describe.skipIf(terraform.error !== undefined)('base-ec2-linux user data', { timeout: 120_000 }, () => {
  const [withHome, withoutHome, withDesktop] = render([{ homeVolumeId: VOLUME }, { homeVolumeId: '' }, { homeVolumeId: VOLUME, desktop: 'kasmvnc' }]) as [string, string, string];

  it.skipIf(shellcheck.error !== undefined)('passes shellcheck as rendered, with and without a home volume, and with a desktop', () => {
    for (const [name, script] of Object.entries({ withHome, withoutHome, withDesktop, mountHome: `${mountScript(withHome)}\n` })) {
      const file = path.join(scratch, `${name}.sh`);
      fs.writeFileSync(file, script);
      const result = spawnSync('shellcheck', ['--shell=bash', file], { encoding: 'utf8' });
      expect(result.stdout, name).toBe('');
      expect(result.status, name).toBe(0);
    }
  });

  describe.skipIf(namespaces.status !== 0)('run under bash on a stand-in Amazon Linux 2023', () => {
    // The same script on every distribution the base offers (the AMIs' first user, ec2-user or ubuntu, holds uid 1000).
    it.each(DISTRIBUTIONS)('%s: creates coder although uid 1000 is taken, writes and starts the agent unit, and formats the late home volume, never the root disk', (_name, osRelease) => {
      const r = run(withHome, { HOME_AFTER: '3' }, [], undefined, osRelease);
      expect(r.stderr).not.toContain('coder-bootstrap:');
      expect(r.status).toBe(0);
      expect(r.calls.find((c) => c.startsWith('useradd '))).toBe('useradd --create-home --shell /bin/bash --user-group coder');
      expect(r.init).toBe(`${INIT}\n`);
      expect(r.unit).toContain('User=coder');
      expect(r.unit).toContain('ExecStart=/bin/sh /opt/coder/init.sh');
      expect(r.calls.filter((c) => c === 'lsblk -dno NAME,SERIAL')).toHaveLength(4);
      expect(r.calls.filter((c) => c.startsWith('mkfs.ext4'))).toEqual(['mkfs.ext4 -q -L coder-home /dev/nvme1n1']);
      expect(r.calls.some((c) => c.startsWith('dd if=/dev/nvme1n1 '))).toBe(true);
      expect(r.calls).toContain('mount -t ext4 /dev/nvme1n1 /home/coder');
      expect(r.calls).toContain('coder-home.service exit 0');
      expect(started(r)).toBe(true);
      // The mount is a unit that runs at every boot, before the agent, which wants but does not require it.
      expect(r.calls).toContain('systemctl enable coder-home.service');
      expect(r.unit).toMatch(/^After=.*coder-home\.service/m);
      expect(r.unit).toMatch(/^Wants=.*coder-home\.service/m);
      expect(r.unit).not.toMatch(/^(Requires|BindsTo|Requisite)=/m);
      const home = fs.readFileSync(path.join(r.dir, 'systemd', 'coder-home.service'), 'utf8');
      expect(home).toMatch(/^Type=oneshot$/m);
      expect(home).toMatch(/^Before=coder-agent\.service$/m);
      expect(home).toMatch(/^WantedBy=multi-user\.target$/m);
      // Longer than the 300 s wait for the volume (systemd's default limit is 90 s).
      expect(Number(/^TimeoutStartSec=(\d+)$/m.exec(home)![1])).toBeGreaterThan(300);
    });

    it('keeps the home a volume from an earlier instance holds (no format), and re-owns it for the new uid', () => {
      const r = run(withHome, { HOME_AFTER: '0', BLKID: 'ext4' });
      expect(r.status).toBe(0);
      expect(r.calls.some((c) => c.startsWith('mkfs'))).toBe(false);
      expect(r.calls).toContain('chown -R coder:coder /home/coder');
      expect(started(r)).toBe(true);
    });

    it('starts the agent when the volume never attaches or cannot be read, saying why; a later boot mounts the volume', () => {
      const late = run(withHome);
      expect(late.stderr).toContain(`coder-bootstrap: home volume ${VOLUME} (serial vol0123456789abcdef0) was not attached within 300 s; the agent starts with /home/coder on the root disk, and the next boot tries again`);
      expect(late.calls).toContain('coder-home.service exit 1');
      expect(late.calls.some((c) => c.startsWith('mkfs') || c.startsWith('mount '))).toBe(false);
      expect(late.unit).toContain('User=coder');
      expect(started(late)).toBe(true);
      // The next boot: user data does not run again, the unit does, and finds the volume.
      const next = boot(late, { HOME_AFTER: '0' });
      expect(next.calls.some((c) => c.startsWith('useradd'))).toBe(false);
      expect(next.calls).toContain('mkfs.ext4 -q -L coder-home /dev/nvme1n1');
      expect(next.calls).toContain('mount -t ext4 /dev/nvme1n1 /home/coder');
      expect(next.calls).toContain('coder-home.service exit 0');
      expect(started(next)).toBe(true);

      const unreadable = run(withHome, { HOME_AFTER: '0', BLKID: 'broken' });
      expect(unreadable.stderr).toContain('not formatting a volume that may hold a home');
      expect(unreadable.calls.some((c) => c.startsWith('mkfs'))).toBe(false);
      expect(started(unreadable)).toBe(true);
    });

    it('formats only a volume that reads as blank: never one with data in its first MiB or an ext4 backup superblock area, nor one that cannot be read', () => {
      // blkid finds no filesystem in each case (exit 2), as for an ext4 whose primary superblock is damaged.
      for (const [what, disk] of Object.entries({ 'a partition table': [{ offset: 510, text: 'U\u00aa' }], 'the 4 KiB-block backup superblock': [{ offset: 128 * 1024 * 1024 + 1024, text: 'S\u00ef' }], 'the 1 KiB-block backup superblock': [{ offset: 8193 * 1024, text: 'S\u00ef' }] })) {
        const r = run(withHome, { HOME_AFTER: '0' }, disk);
        expect(r.calls.some((c) => c.startsWith('mkfs') || c.startsWith('mount ')), what).toBe(false);
        expect(r.stderr, what).toContain('coder-bootstrap: /dev/nvme1n1 holds no filesystem blkid recognises but is not blank');
        expect(r.calls, what).toContain('coder-home.service exit 1');
        expect(started(r), what).toBe(true);
      }
      const unreadable = run(withHome, { HOME_AFTER: '0' }, 'none');
      expect(unreadable.stderr).toContain('coder-bootstrap: /dev/nvme1n1 cannot be read; not formatting it');
      expect(unreadable.calls.some((c) => c.startsWith('mkfs') || c.startsWith('mount '))).toBe(false);
      expect(started(unreadable)).toBe(true);
    });

    it('on Ubuntu 24.04 with a desktop: installs XFCE and the KasmVNC package of its codename (the version the kasmvnc module is given) as root, puts coder in ssl-cert, all before the agent starts', () => {
      const r = run(withDesktop, { HOME_AFTER: '0' }, [], undefined, UBUNTU_NOBLE);
      expect(r.status, r.stderr).toBe(0);
      const deb = `kasmvncserver_noble_${KASMVNC_VERSION}_amd64.deb`;
      const at = (pattern: RegExp) => r.calls.findIndex((c) => pattern.test(c));
      expect(r.calls).toContain(`curl -fsSL --retry 3 -o /tmp/${deb} https://github.com/kasmtech/KasmVNC/releases/download/v${KASMVNC_VERSION}/${deb}`);
      expect(at(/^apt-get .*install .*xfce4 .*dbus-x11 ssl-cert/)).toBeGreaterThanOrEqual(0);
      expect(at(new RegExp(`^apt-get .*install -y -qq /tmp/${deb.replace(/\./g, '\\.')}$`))).toBeGreaterThan(at(/^curl /));
      expect(r.calls).toContain('usermod -a -G ssl-cert coder');
      // Installed before the agent, whose kasmvnc module then only configures and starts it (coder has no sudo).
      expect(at(/^usermod /)).toBeLessThan(r.calls.indexOf('systemctl enable --now coder-agent.service'));
      expect(started(r)).toBe(true);
      // Without a desktop nothing of it runs.
      const plain = run(withHome, { HOME_AFTER: '0' }, [], undefined, UBUNTU_NOBLE);
      expect(plain.calls.filter((c) => /^(apt-get|curl|usermod) /.test(c))).toEqual([]);
    });

    it('a desktop that cannot install (no package, no Ubuntu) never keeps the agent from starting, and says why', () => {
      const failed = run(withDesktop, { HOME_AFTER: '0', CURL_FAIL: '1' }, [], undefined, UBUNTU_NOBLE);
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(`the desktop (XFCE, KasmVNC ${KASMVNC_VERSION}) did not install; the workspace starts without it`);
      expect(started(failed)).toBe(true);
      const amazon = run(withDesktop, { HOME_AFTER: '0' }, [], undefined, AL2023);
      expect(amazon.stderr).toContain('no VERSION_CODENAME in /etc/os-release: not a Debian or Ubuntu system, no desktop');
      expect(amazon.calls.filter((c) => /^(apt-get|curl) /.test(c))).toEqual([]);
      expect(started(amazon)).toBe(true);
    });

    it('without a home volume, waits for no disk', () => {
      const r = run(withoutHome);
      expect(r.status).toBe(0);
      expect(r.calls.some((c) => c.startsWith('lsblk') || c.startsWith('mount') || c.startsWith('coder-home'))).toBe(false);
      expect(r.unit).toContain('User=coder');
      expect(started(r)).toBe(true);
    });
  });
});

describe.skipIf(terraform.error !== undefined)('base-ec2-windows user data', { timeout: 60_000 }, () => {
  // No PowerShell here: the rendered text's structure is what is tested, not its run.
  it('the disk step cannot stop the agent: it is inside a try/catch that only logs, and the agent task is registered and started after it; the home volume is picked by its volume id serial', () => {
    const template = path.join(repoRoot, 'templates', 'base-ec2-windows', 'user-data.ps1.tftpl');
    const result = spawnSync('terraform', ['console'], { cwd: scratch, input: `base64encode(templatefile(${JSON.stringify(template)}, { init_script = "agent", home_volume_id = ${JSON.stringify(VOLUME)} }))\n`, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
    expect(result.status, result.stderr).toBe(0);
    const text = Buffer.from(JSON.parse(result.stdout.trim()) as string, 'base64').toString('utf8');
    /** The index just after the block whose opening brace is at or after `from` (braces counted, quoted text skipped). */
    const blockEnd = (from: number): number => {
      let depth = 0;
      let quote: string | undefined;
      for (let i = text.indexOf('{', from); i < text.length; i++) {
        const c = text[i]!;
        if (quote) {
          if (c === quote) quote = undefined;
        } else if (c === "'" || c === '"') quote = c;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) return i + 1;
      }
      throw new Error('unbalanced braces');
    };
    const tryAt = text.search(/^try \{$/m);
    expect(tryAt).toBeGreaterThan(0);
    const tryEnd = blockEnd(tryAt);
    const body = text.slice(tryAt, tryEnd);
    expect(text.slice(tryEnd)).toMatch(/^ catch \{/);
    const catchEnd = blockEnd(tryEnd);
    expect(text.slice(tryEnd, catchEnd)).toMatch(/Write-Warning "coder-bootstrap: /);
    expect(text.slice(tryEnd, catchEnd)).not.toMatch(/\bthrow\b|exit/);
    // Every disk command is inside the try; the agent's setup is after the catch, none of it inside.
    for (const cmd of ['Get-Disk', 'Initialize-Disk', 'New-Partition', 'Format-Volume']) {
      expect(body, cmd).toContain(cmd);
      expect(text.slice(0, tryAt) + text.slice(tryEnd), cmd).not.toContain(cmd);
    }
    for (const cmd of ['Set-Content -Path \'C:\\ProgramData\\coder\\init.ps1\'', 'Register-ScheduledTask', "Start-ScheduledTask -TaskName 'CoderAgent'"]) {
      expect(text.indexOf(cmd), cmd).toBeGreaterThan(catchEnd);
    }
    // The volume is matched by its id (dash removed) against the serial without Windows' _<namespace>. suffix; no 'vol*' guess.
    expect(body).toContain("$serial = 'vol0123456789abcdef0'");
    expect(body).toMatch(/\(\$_\.SerialNumber -replace '_\[\^ \]\*\$', ''\)\.Trim\(\) -eq \$serial/);
    expect(text).not.toMatch(/-like 'vol\*'/);
    // Each part of the set-up only where it is missing (a half-done one is finished on a later boot);
    // formatting only a partition without a file system.
    expect(body).toMatch(/if \(\$disk\.PartitionStyle -eq 'RAW'\) \{ Initialize-Disk /);
    expect(body).toMatch(/if \(-not \$partition\) \{ \$partition = New-Partition /);
    expect(body).toMatch(/if \(-not \(\$partition \| Get-Volume\)\.FileSystem\) \{\s+\$partition \| Format-Volume /);
  });

  it('base-ec2-linux installs the KasmVNC version the composed templates give the kasmvnc module (else the module would try to install another, without sudo)', async () => {
    const main = (await parseDir(path.join(repoRoot, 'templates', 'base-ec2-linux'))).get('main.tf')!;
    const vars = ((main.module as Record<string, Json[]>).instance![0] as Json).user_data_vars as Record<string, string>;
    expect(vars.kasmvnc_version).toBe(KASMVNC_VERSION);
    // And the image of a pod desktop is built with it (toolchain.yaml's kasmvnc, a build argument).
    const swdev = fs.readFileSync(path.join(repoRoot, 'templates', 'swdev-toolchain', 'toolchain.yaml'), 'utf8');
    expect(swdev).toContain(`{ name: kasmvnc, version: "${KASMVNC_VERSION}" }`);
    expect(fs.readFileSync(path.join(repoRoot, 'templates', 'swdev-toolchain', 'build', 'Dockerfile'), 'utf8')).toMatch(/kasmvncserver_\$\{VERSION_CODENAME\}_\$\{TOOLCHAIN_KASMVNC_VERSION\}_amd64\.deb/);
    expect(fs.readFileSync(path.join(repoRoot, 'templates', 'composed', 'ec2-swdev-gui', 'main.tf'), 'utf8')).toMatch(new RegExp(`module "kasmvnc" \\{[^}]*kasm_version\\s+= "${KASMVNC_VERSION.replace(/\./g, '\\.')}"`, 's'));
  });

  it('holds no secret: the Administrator password reaches the remote desktop module through the agent, never the user data IMDS serves', async () => {
    const dir = path.join(repoRoot, 'templates', 'base-ec2-windows');
    const main = (await parseDir(dir)).get('main.tf')!;
    const instance = ((main.module as Record<string, Json[]>).instance![0]!) as Json;
    const vars = instance.user_data_vars as Record<string, string>;
    expect(Object.keys(vars).sort()).toEqual(['init_script']);
    expect(JSON.stringify(vars)).not.toMatch(/password|random_/);
    // Rendered by Terraform with exactly those variables (a template that still read admin_password would fail here).
    const template = path.join(dir, 'user-data.ps1.tftpl');
    const result = spawnSync('terraform', ['console'], { cwd: scratch, input: `base64encode(templatefile(${JSON.stringify(template)}, { init_script = "agent", home_volume_id = ${JSON.stringify(VOLUME)} }))\n`, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
    expect(result.status, result.stderr).toBe(0);
    const rendered = Buffer.from(JSON.parse(result.stdout.trim()) as string, 'base64').toString('utf8');
    expect(rendered).toContain("Start-ScheduledTask -TaskName 'CoderAgent'");
    expect(rendered).not.toMatch(/Set-LocalUser|ConvertTo-SecureString/);
    // The modules that set it: each composed Windows template passes the base's password to its remote desktop module.
    const composed = fs.readFileSync(path.join(repoRoot, 'templates', 'composed', 'ec2-windev-gui', 'main.tf'), 'utf8');
    expect(composed).toMatch(/module "amazon_dcv_windows" \{[^}]*admin_password = module\.base\.admin_password/s);
    // And the published template carries the fixed release.
    expect(fs.readFileSync(path.join(repoRoot, 'templates', 'composed', 'ec2-windev-gui', 'modules', 'base-ec2-windows', 'user-data.ps1.tftpl'), 'utf8')).not.toMatch(/admin_password|Set-LocalUser/);
  });
});
