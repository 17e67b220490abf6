import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** One entry of `npm pack --json`. */
interface Packed {
  name: string;
  version: string;
  filename: string;
  integrity: string;
  shasum: string;
}

/** A package manifest as the registry serves it: the package.json plus where its tarball is. */
interface Manifest {
  name: string;
  version: string;
  dist?: { tarball: string; integrity: string; shasum: string };
  [field: string]: unknown;
}

/** What package-lock.json says about one installed package. */
interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

/**
 * The packages that this project's lockfile installs for production (the runtime dependencies
 * and theirs, not the dev tools), as their paths under the project: `node_modules/chalk`, …
 */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && !entry.dev && !entry.devOptional && !entry.link)
    .map(([path]) => path);
}

/** A registry on 127.0.0.1 that serves exactly the packages it was given, and nothing else. */
export interface LocalRegistry {
  url: string;
  close(): Promise<void>;
}

/**
 * Packs each installed package directory (relative to root) into `dir` and serves them as an npm
 * registry on a loopback port: a packument per name (every packed version, `latest` the highest
 * packed) and the tarballs. npm then resolves a tarball's dependencies by its own rules against
 * the versions this project has installed, with no cache and no network, so an undeclared
 * dependency, or a declared one that is not in the lockfile, fails the install.
 */
export async function startLocalRegistry(root: string, paths: string[], dir: string): Promise<LocalRegistry> {
  // One npm process packs them all; --ignore-scripts: these are installed packages, not sources.
  const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir, ...paths.map((p) => `./${p}`)], {
    cwd: root,
    maxBuffer: 64 << 20,
  });
  const packed = JSON.parse(stdout) as Packed[];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the local registry has no TCP address');
  const url = `http://127.0.0.1:${address.port}/`;

  const packuments = new Map<string, { name: string; 'dist-tags': { latest: string }; versions: Record<string, Manifest> }>();
  const tarballs = new Map<string, string>();
  packed.forEach((p, i) => {
    const manifest = JSON.parse(readFileSync(join(root, paths[i] ?? '', 'package.json'), 'utf8')) as Manifest;
    const tarball = `${url}-/tarballs/${p.filename}`;
    tarballs.set(`/-/tarballs/${p.filename}`, join(dir, p.filename));
    const doc = packuments.get(p.name) ?? { name: p.name, 'dist-tags': { latest: p.version }, versions: {} };
    doc.versions[p.version] = {
      ...manifest,
      name: p.name,
      version: p.version,
      dist: { tarball, integrity: p.integrity, shasum: p.shasum },
    };
    if (compareVersions(p.version, doc['dist-tags'].latest) > 0) doc['dist-tags'].latest = p.version;
    packuments.set(p.name, doc);
  });

  server.on('request', (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', url).pathname);
    const file = tarballs.get(path);
    const packument = packuments.get(path.slice(1));
    if (file !== undefined) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
    } else if (packument !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `${path.slice(1)} is not served here` }));
    }
  });
  return {
    url,
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Orders plain x.y.z versions (all this project installs); a pre-release sorts by its core. */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.+-]/).slice(0, 3).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
