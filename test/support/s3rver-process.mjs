// Runs s3rver for a test, in its own process: started with --openssl-legacy-provider, since
// s3rver's listing continuation tokens use DES, which OpenSSL 3 keeps in its legacy provider.
// Arguments: <directory> <bucket>. Prints {"port": n} once listening; stops on SIGTERM.
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
