import { createHash } from 'node:crypto';
import type { ApiClient } from './harness.js';

/** multipart/form-data bodies as a browser sends them, for the upload routes. */

export interface Part {
  name: string;
  value?: string;
  file?: { name: string; content: string | Buffer; type?: string };
}

export const md5 = (content: string | Buffer) => createHash('md5').update(content).digest('hex');

/** A multipart/form-data body, parts in the order given. */
export async function form(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const data = new FormData();
  for (const p of parts) {
    if (p.file) {
      const bytes = typeof p.file.content === 'string' ? p.file.content : new Uint8Array(p.file.content);
      data.append(p.name, new Blob([bytes], { type: p.file.type ?? 'application/octet-stream' }), p.file.name);
    } else {
      data.append(p.name, p.value ?? '');
    }
  }
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

/** POST /api/v1/files: parentId, any extra fields, then the file. */
export async function uploadFile(api: ApiClient, parentId: string, fileName: string, content: string | Buffer, extra: Part[] = []) {
  const { payload, headers } = await form([{ name: 'parentId', value: parentId }, ...extra, { name: 'file', file: { name: fileName, content } }]);
  return api.post('/api/v1/files', payload, headers);
}
