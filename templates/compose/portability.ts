/**
 * Property 13: a toolchain carries no infrastructure details. Its files may
 * name languages, tools and contract capabilities, but no cloud resource ids,
 * ARNs, provider resource types, regions, instance types, node scheduling or
 * network specifics: those belong to a base.
 */
const RULES: Array<{ what: string; pattern: RegExp }> = [
  { what: 'a cloud resource id', pattern: /\b(?:subnet|sg|ami|vpc|eni|vol|igw|nat|rtb|snap|i)-[0-9a-f]{8,17}\b/ },
  { what: 'an ARN', pattern: /\barn:aws[a-z-]*:/ },
  { what: 'a provider resource type', pattern: /\b(?:aws|kubernetes|google|azurerm|helm)_[a-z0-9]+(?:_[a-z0-9]+)*\b/ },
  { what: 'an instance type', pattern: /\b[a-z][0-9][a-z0-9]*\.(?:nano|micro|small|medium|large|[0-9]*xlarge|metal)\b/ },
  { what: 'a region', pattern: /\b(?:us|eu|ap|ca|sa|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/ },
  { what: 'node scheduling', pattern: /\b(?:nodeSelector|node_selector|tolerations?|nodeAffinity|node_affinity)\b/ },
  { what: 'a network detail', pattern: /\b(?:security[ _-]?groups?|subnets?|vpc_id|\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})\b/i },
  { what: 'a cloud service name', pattern: /\b(?:EC2|EKS|AMI|IAM|IMDS|ECR)\b/ },
];

/** One line per infrastructure detail found in a toolchain's files. */
export function portabilityProblems(files: ReadonlyMap<string, string> | Array<[string, string]>): string[] {
  const problems: string[] = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      for (const rule of RULES) {
        const m = rule.pattern.exec(line);
        if (m) problems.push(`${file}:${i + 1}: ${rule.what} ("${m[0]}") has no place in a toolchain; move it to a base (Property 13)`);
      }
    });
  }
  return problems;
}
