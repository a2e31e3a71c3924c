import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One built file, served from memory under its content-hashed name. */
export interface PageAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** An app's client bundle: its entry script (which uses the kit's client helpers) and extra CSS. */
export interface PageBundle {
  /** Names the files (`<name>-<hash>.js`); one bundle per name per process. */
  readonly name: string;
  /** Absolute path of the client entry script. */
  readonly entry: string;
  /** Absolute paths of stylesheets appended after the kit's own. */
  readonly stylesheets?: readonly string[];
  /** Files served as they are beside the bundle (a library's worker script), by a name of the app's choosing. */
  readonly extraFiles?: ReadonlyArray<{ readonly name: string; readonly path: string; readonly contentType: string }>;
}

export interface PageAssets {
  /** `<base>/assets/<name>-<hash>.js`: the one client script every page of the app loads. */
  readonly scriptPath: string;
  /** `<base>/assets/<name>-<hash>.css`: the one stylesheet. */
  readonly stylePath: string;
  /** By file name (`<name>-<hash>.js`). */
  readonly files: ReadonlyMap<string, PageAsset>;
  /** Where each extra file is served (`<base>/assets/<name>-<hash>.<ext>`), by its name. */
  readonly extraPaths: ReadonlyMap<string, string>;
}

interface BuiltBundle {
  readonly scriptName: string;
  readonly styleName: string;
  readonly files: ReadonlyMap<string, PageAsset>;
  readonly extraNames: ReadonlyMap<string, string>;
}

const KIT_STYLESHEET = fileURLToPath(new URL('../client/pages.css', import.meta.url));

const built = new Map<string, Promise<BuiltBundle>>();

/**
 * Bundles an app's client script and its stylesheet, once per process: the sources do not change
 * while it runs. Names carry a hash of the content, so the files can be cached for a year and a
 * new release is fetched at once. `basePath` is where the app is mounted (`''` at the root,
 * `/records` under a path prefix), so the page links the files where the asset route serves them.
 */
export async function pageAssets(bundle: PageBundle, basePath = ''): Promise<PageAssets> {
  let pending = built.get(bundle.name);
  if (!pending) {
    pending = buildBundle(bundle).catch((error: unknown) => {
      built.delete(bundle.name);
      throw error;
    });
    built.set(bundle.name, pending);
  }
  const { scriptName, styleName, files, extraNames } = await pending;
  const extraPaths = new Map([...extraNames].map(([name, file]) => [name, `${basePath}/assets/${file}`]));
  return { scriptPath: `${basePath}/assets/${scriptName}`, stylePath: `${basePath}/assets/${styleName}`, files, extraPaths };
}

async function buildBundle(bundle: PageBundle): Promise<BuiltBundle> {
  const [script, ...styles] = await Promise.all([bundleClientScript(bundle.entry), readFile(KIT_STYLESHEET), ...(bundle.stylesheets ?? []).map((path) => readFile(path))]);
  const style = Buffer.concat(styles);
  const scriptName = `${bundle.name}-${contentHash(script)}.js`;
  const styleName = `${bundle.name}-${contentHash(style)}.css`;
  const files = new Map<string, PageAsset>([
    [scriptName, { body: script, contentType: 'text/javascript; charset=utf-8' }],
    [styleName, { body: style, contentType: 'text/css; charset=utf-8' }],
  ]);
  const extraNames = new Map<string, string>();
  for (const extra of bundle.extraFiles ?? []) {
    const body = await readFile(extra.path);
    const extension = extra.path.slice(extra.path.lastIndexOf('.'));
    const file = `${extra.name}-${contentHash(body)}${extension}`;
    files.set(file, { body, contentType: extra.contentType });
    extraNames.set(extra.name, file);
  }
  return { scriptName, styleName, files, extraNames };
}

async function bundleClientScript(entry: string): Promise<Buffer> {
  const result = await build({
    entryPoints: [entry],
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
  if (!output) throw new Error(`esbuild produced no client bundle for ${entry}`);
  return Buffer.from(output.contents);
}

function contentHash(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}
