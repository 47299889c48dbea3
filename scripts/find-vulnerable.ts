import semver from 'semver';

export interface Advisory {
  package: string;
  vulnerable: string;
  id: string;
  summary: string;
}

export interface PackageLock {
  packages: Record<string, { version?: string }>;
}

/** Every installed (package, version) that an advisory names as vulnerable. */
export function findVulnerable(lock: PackageLock, advisories: Advisory[]): string[] {
  const installed = new Map<string, Set<string>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || !entry.version) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!installed.has(name)) installed.set(name, new Set());
    installed.get(name)!.add(entry.version);
  }
  const findings: string[] = [];
  for (const advisory of advisories) {
    const range = advisory.vulnerable.replace(/&&/g, ' ');
    if (!semver.validRange(range)) throw new Error(`bad range for ${advisory.package} ${advisory.id}: ${advisory.vulnerable}`);
    for (const version of installed.get(advisory.package) ?? []) {
      if (semver.satisfies(version, range, { includePrerelease: true })) {
        findings.push(`${advisory.package}@${version}: ${advisory.id} (${advisory.summary}); vulnerable ${advisory.vulnerable}`);
      }
    }
  }
  return findings;
}
