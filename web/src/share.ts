// Share links: the scenario (and variant) compressed into the URL fragment. The fragment never
// leaves the browser (it is not sent to any server), and nothing here makes a network call.
import type { ScenarioJson, WhatIf } from './types';

export interface SharedState {
  v: 1;
  base: ScenarioJson;
  variant?: ScenarioJson;
  whatif?: WhatIf;
  replications?: number;
  seed?: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** State → URL-safe text (deflate + base64url). */
export async function encodeShare(state: SharedState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return toBase64Url(await pipe(json, new CompressionStream('deflate')));
}

/** URL-safe text → state; throws on anything that is not a share link of this app. */
export async function decodeShare(text: string): Promise<SharedState> {
  const bytes = await pipe(fromBase64Url(text), new DecompressionStream('deflate'));
  const v = JSON.parse(new TextDecoder().decode(bytes)) as SharedState;
  if (v?.v !== 1 || typeof v.base !== 'object' || v.base === null) throw new Error('not a ccsim share link');
  return v;
}

/** Reads `#share=…` from a location hash. */
export function shareParam(hash: string): string | null {
  const m = /(?:^#|&)share=([A-Za-z0-9_-]+)/.exec(hash);
  return m ? m[1] : null;
}
