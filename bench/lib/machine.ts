import { readFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import Database from 'better-sqlite3';

/** What the figures were measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  sqlite: string;
  packages: Record<string, string>;
}

export function machineInfo(packages: readonly string[]): MachineInfo {
  const cpu = cpus()[0];
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return {
    cpuModel: cpu?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    sqlite,
    packages: Object.fromEntries(packages.map((name) => [name, packageVersion(name)])),
  };
}

function packageVersion(name: string): string {
  try {
    const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}
