import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { parseWebhookUrl, resolveWebhookHost, type WebhookAddressPolicy } from './webhook-address-policy.js';

export interface WebhookResponse {
  readonly status: number;
}

const TIMEOUT_MS = 10_000;

/**
 * POSTs one delivery. The connection goes only to an address the policy allowed at this moment
 * (the lookup is the guard, so DNS rebinding between check and connect gains nothing); redirects
 * are not followed.
 */
export async function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, policy: WebhookAddressPolicy): Promise<WebhookResponse> {
  const url = parseWebhookUrl(rawUrl);
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    resolveWebhookHost(hostname, policy).then(
      (addresses) => {
        if (options.all) (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
  // Literal IP hosts skip lookup in Node: vet them here.
  await resolveWebhookHost(url.hostname, policy);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'bsns-webhooks', ...headers, 'content-length': Buffer.byteLength(body) }, lookup: guardedLookup, timeout: TIMEOUT_MS },
      (response) => {
        response.resume(); // the body is not needed; drain it so the socket closes
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${TIMEOUT_MS / 1000}s`)));
    request.on('error', reject);
    request.end(body);
  });
}
