import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { S3BlobStoreOptions } from '../../src/platform/blobs/index.js';

export interface S3TestServer {
  /** Options of a store on this server's bucket (path style: the server answers on 127.0.0.1). */
  readonly options: S3BlobStoreOptions;
  close(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));

/**
 * A real S3 API (s3rver from npm, in a child process on a free port, files in a temporary
 * directory) with one empty bucket. s3rver knows one key pair (S3RVER/S3RVER) and refuses
 * other access key ids; it does not check V4 signatures.
 */
export async function startS3TestServer(bucket = 'bsns-test-blobs'): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'bsns-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SERVER_SCRIPT, directory, bucket], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited before listening (code ${String(code)})`);
  });
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited])) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return {
    options: { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true },
    async close() {
      exited.catch(() => undefined);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
