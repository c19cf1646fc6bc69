/**
 * Recording stand-ins for the cloud CLIs (aws, kubectl, helm, terraform,
 * coder, …), which cannot run here. Each appends its command line to a log,
 * answers version and identity questions, and fails, sleeps or trips on
 * request through STANDIN_* variables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHARTS } from '../../iac/helm/charts.js';
import { tempDir } from './temp.js';

export const STANDIN_TOOLS = ['aws', 'kubectl', 'helm', 'terraform', 'tofu', 'coder', 'jq', 'curl', 'dig', 'envsubst', 'npm'];

const RECORDER = `#!/bin/bash
tool="$(basename "$0")"
line="$tool $*"
echo "$line" >> "$STANDIN_LOG"
if [[ -n "\${STANDIN_TRIPWIRE:-}" ]]; then echo "tripwire: $line ran" >&2; exit 97; fi
# A tool that warns on stderr as it answers (terraform without a CLI config file does).
if [[ -n "\${STANDIN_STDERR_WARNING:-}" ]]; then echo "$STANDIN_STDERR_WARNING" >&2; fi
case "$line" in
  "aws --version") echo "aws-cli/\${STANDIN_AWS_VERSION:-2.22.0} Python/3.12.6 Linux"; exit 0 ;;
  "aws sts get-caller-identity"*) echo "{\\"Account\\": \\"\${STANDIN_ACCOUNT:-111122223333}\\"}"; exit 0 ;;
  "terraform version -json"|"tofu version -json") echo "{\\"terraform_version\\": \\"\${STANDIN_TERRAFORM_VERSION:-1.11.4}\\"}"; exit 0 ;;
  "kubectl version --client -o json") echo '{"clientVersion": {"gitVersion": "v1.35.1"}}'; exit 0 ;;
  "helm version --short") echo "v3.17.3+g1234567"; exit 0 ;;
  "coder version") echo "Coder v\${STANDIN_CODER_VERSION:-${CHARTS.coder.version}}+abcdef Thu Nov 26"; exit 0 ;;
  "jq --version") echo "jq-1.7.1"; exit 0 ;;
  "curl --version") echo "curl 8.5.0 (x86_64-pc-linux-gnu)"; exit 0 ;;
  "npm --version") echo "11.0.0"; exit 0 ;;
  "npm run -s synth"*|"npm run synth"*) mkdir -p cdktf.out/stacks/{state,network,cluster,database,edge,identity,observability,platform,provisioners,coder} ;;
esac
# coder create as the real CLI takes it: a valid workspace name (Coder's rule: letters, digits and
# single hyphens, at most 32 characters), and parameter values given, since a script cannot answer
# the prompt (the real CLI fails with "prepare build: EOF").
if [[ "$tool" == coder && "\${1:-}" == create ]]; then
  if (( \${#2} > 32 )) || ! [[ "$2" =~ ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$ ]]; then echo "coder: \"$2\" is not a valid workspace name" >&2; exit 1; fi
  [[ " $* " == *" --parameter "* || " $* " == *" --use-parameter-defaults "* ]] || { echo "prepare build: EOF" >&2; exit 1; }
fi
# curl -o FILE …pem (the RDS certificate authorities) writes a stand-in PEM, as the download would.
if [[ "$tool" == curl && "$line" == *.pem* ]]; then
  args=("$@")
  for ((i = 0; i < \${#args[@]} - 1; i++)); do
    if [[ "\${args[i]}" == -o ]]; then printf -- '-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n' > "\${args[i+1]}"; fi
  done
fi
if [[ -n "\${STANDIN_SLEEP_MATCH:-}" && "$line" == *"$STANDIN_SLEEP_MATCH"* ]]; then sleep "\${STANDIN_SLEEP:-5}"; fi
if [[ -n "\${STANDIN_FAIL_MATCH:-}" && "$line" == *"$STANDIN_FAIL_MATCH"* ]]; then
  count_file="$STANDIN_LOG.failures"
  n="$(cat "$count_file" 2>/dev/null || echo 0)"
  if (( n < \${STANDIN_FAIL_TIMES:-1000000} )); then
    echo $((n + 1)) > "$count_file"
    echo "$tool: simulated failure" >&2
    exit "\${STANDIN_FAIL_CODE:-1}"
  fi
fi
exit 0
`;

export interface StandIns {
  dir: string;
  log: string;
  /** Command lines recorded so far, without the version and identity probes. */
  commands(): string[];
  all(): string[];
}

/** PATH for a run: the stand-ins, then the system's programs except any real copy of a stand-in tool. */
export function sandboxPath(standIns: StandIns): string {
  return `${standIns.dir}:${path.join(path.dirname(standIns.dir), 'system')}`;
}

export function makeStandIns(tools: readonly string[] = STANDIN_TOOLS): StandIns {
  const dir = tempDir('guide-standins-');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // The machine may have real aws, kubectl or terraform binaries: leave every one of them out.
  const system = path.join(dir, 'system');
  fs.mkdirSync(system);
  const hidden = new Set([...STANDIN_TOOLS, 'kubectl', 'terraform', 'tofu', 'helm', 'coder', 'aws', 'node', 'npx']);
  for (const sysdir of ['/usr/bin', '/bin']) {
    if (!fs.existsSync(sysdir)) continue;
    for (const entry of fs.readdirSync(sysdir)) {
      if (hidden.has(entry) || fs.existsSync(path.join(system, entry))) continue;
      fs.symlinkSync(path.join(sysdir, entry), path.join(system, entry));
    }
  }
  for (const tool of tools) fs.writeFileSync(path.join(bin, tool), RECORDER, { mode: 0o755 });
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  const all = () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const probe = /^(\S+ (--version|version.*|-v)|aws sts get-caller-identity.*)$/;
  return { dir: bin, log, all, commands: () => all().filter((l) => !probe.test(l)) };
}
