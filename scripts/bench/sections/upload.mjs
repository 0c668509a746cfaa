/**
 * The peak RSS of the server while a 200 MB file is uploaded by path with the `file-upload` tool
 * (above 64 MiB: the Uploads API in parts), beside a bare node process streaming the same file to
 * the same upstream. The upstream is a sink in this process that drains every request and answers
 * the Files and Uploads API with the objects they return.
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { figure, section } from '../report.mjs';
import { startStdio, tempDir } from '../processes.mjs';
import { KEY, QUICK } from '../settings.mjs';
import { rssMb } from '../stats.mjs';

const MB = QUICK ? 2 : 200;

function writeFile(file, mb) {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  for (let i = 0; i < mb; i++) writeSync(fd, chunk);
  closeSync(fd);
}

async function startSink() {
  let received = 0;
  let parts = 0;
  const file = () => ({ id: 'file-bench', object: 'file', bytes: received, created_at: 1, filename: 'upload.bin', purpose: 'assistants', status: 'processed', expires_at: null, status_details: null });
  const server = createServer((req, res) => {
    req.on('data', (chunk) => (received += chunk.length)).on('end', () => {
      const url = req.url ?? '';
      const body = url.endsWith('/uploads') ? { id: 'upload_1', object: 'upload', status: 'pending' }
        : url.endsWith('/parts') ? { id: `part_${++parts}`, object: 'upload.part', upload_id: 'upload_1' }
        : url.endsWith('/complete') ? { id: 'upload_1', object: 'upload', status: 'completed', file: file() }
        : url.includes('/files') && req.method === 'GET' ? { object: 'list', data: [], has_more: false }
        : file();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, received: () => received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A bare node process streaming the file as the request body: the memory floor for the same upload. */
async function bareUploadPeak(url, file) {
  const script = `const http=require('http');const fs=require('fs');
    const req=http.request(${JSON.stringify(`${url}/files`)},{method:'POST',headers:{authorization:'Bearer ${KEY}','content-type':'application/octet-stream'}},(res)=>{res.resume().on('end',()=>{
      const m=/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status','utf8'));console.log(m?m[1]/1024:NaN)})});
    fs.createReadStream(${JSON.stringify(file)}).pipe(req);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
  return Number(stdout);
}

export async function uploadSection() {
  section(`file upload (issue 12): peak RSS while uploading ${MB} MB`);
  const sink = await startSink();
  const dir = tempDir('upload');
  const server = await startStdio({ OPENAI_BASE_URL: sink.url, MCP_FILE_ROOTS: dir, MCP_TOOLSETS: 'all', OPENAI_TIMEOUT_MS: '600000' }, ['--backend', 'assistants']);
  try {
    const tool = (await server.request('tools/list', {})).result.tools.find((t) => t.name === 'file-upload');
    if (!tool) throw new Error('no file-upload tool in tools/list');
    const file = join(dir, 'upload.bin');
    writeFile(file, MB);
    // The first call loads the HTTP client, as any first call does: the idle figure includes it.
    await server.request('tools/call', { name: 'file-list', arguments: {} });
    const before = rssMb(server.child.pid, 'VmRSS');
    const reply = await server.request('tools/call', { name: 'file-upload', arguments: { path: file } });
    if (reply.error || reply.result?.isError) throw new Error(`file-upload failed: ${JSON.stringify(reply).slice(0, 300)}`);
    const peak = rssMb(server.child.pid, 'VmHWM');
    figure('upload', `peak RSS uploading ${MB} MB`, peak, 'MB', { floor: { label: 'bare node streaming it', value: await bareUploadPeak(sink.url, file) }, note: `idle ${before.toFixed(1)} MB, so +${(peak - before).toFixed(1)} MB (budget +64 MB); upstream got ${(sink.received() / 2 ** 20).toFixed(0)} MB` });
  } finally {
    await server.stop();
    await sink.close();
  }
}
