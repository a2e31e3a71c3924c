import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One built file, served from memory under its content-hashed name. */
export interface PortalAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface PortalAssets {
  /** `/assets/portal-<hash>.js`: the one client script every page loads. */
  readonly scriptPath: string;
  /** `/assets/portal-<hash>.css`: the one stylesheet. */
  readonly stylePath: string;
  /** By file name (`portal-<hash>.js`). */
  readonly files: ReadonlyMap<string, PortalAsset>;
}

const CLIENT_ENTRY = fileURLToPath(new URL('../client/portal.ts', import.meta.url));
const STYLESHEET = fileURLToPath(new URL('../client/portal.css', import.meta.url));

let built: Promise<PortalAssets> | undefined;

/**
 * Bundles the client script (with `@simplewebauthn/browser`) and reads the stylesheet, once per
 * process: the sources do not change while it runs. Names carry a hash of the content, so the
 * files can be cached for a year and a new release is fetched at once.
 */
export function portalAssets(): Promise<PortalAssets> {
  built ??= buildPortalAssets().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function buildPortalAssets(): Promise<PortalAssets> {
  const [script, style] = await Promise.all([bundleClientScript(), readFile(STYLESHEET)]);
  const scriptName = `portal-${contentHash(script)}.js`;
  const styleName = `portal-${contentHash(style)}.css`;
  return {
    scriptPath: `/assets/${scriptName}`,
    stylePath: `/assets/${styleName}`,
    files: new Map([
      [scriptName, { body: script, contentType: 'text/javascript; charset=utf-8' }],
      [styleName, { body: style, contentType: 'text/css; charset=utf-8' }],
    ]),
  };
}

async function bundleClientScript(): Promise<Buffer> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no portal client bundle');
  return Buffer.from(output.contents);
}

function contentHash(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}
