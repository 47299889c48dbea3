/**
 * Fails when package-lock.json holds a package version named by an advisory
 * in security/advisories.json. Run by CI (`npm run check:advisories`).
 */
import { readFileSync } from 'node:fs';
import { findVulnerable, type Advisory, type PackageLock } from './find-vulnerable';

const root = new URL('..', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as PackageLock;
const { advisories } = JSON.parse(readFileSync(new URL('security/advisories.json', root), 'utf8')) as {
  advisories: Advisory[];
};

const findings = findVulnerable(lock, advisories);
if (findings.length) {
  console.error(`Known-vulnerable dependencies (${findings.length}):\n  ${findings.join('\n  ')}`);
  process.exit(1);
}
console.log(`advisories: ${advisories.length} checked against package-lock.json, none vulnerable`);
