/**
 * SLOT for issue 12 (files): the peak RSS of the server while a 200 MB file is uploaded with the
 * `file-upload` tool, beside a bare node process streaming the same file to the same upstream.
 * Runs only when tools/list has `file-upload`; until then it prints why it was skipped. The
 * upstream is a sink in this process that drains POST /files and answers with a file object.
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { figure, section, skipped } from '../report.mjs';
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
  const server = createServer((req, res) => {
    req.on('data', (chunk) => (received += chunk.length)).on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'file-bench', object: 'file', bytes: received, created_at: 1, filename: 'upload.bin', purpose: 'assistants', status: 'processed', expires_at: null, status_details: null }));
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
  const server = await startStdio({ OPENAI_BASE_URL: sink.url, MCP_UPLOAD_DIR: dir }, ['--backend', 'assistants']);
  try {
    const tool = (await server.request('tools/list', {})).result.tools.find((t) => t.name === 'file-upload');
    if (!tool) return skipped('upload', 'upload peak RSS', 'no file-upload tool in tools/list yet (issue 12 adds it)');
    const file = join(dir, 'upload.bin');
    writeFile(file, MB);
    const pathArg = Object.keys(tool.inputSchema.properties ?? {}).find((name) => /path/.test(name)) ?? 'path';
    const before = rssMb(server.child.pid, 'VmHWM');
    const reply = await server.request('tools/call', { name: 'file-upload', arguments: { [pathArg]: file, purpose: 'assistants' } });
    if (reply.error || reply.result?.isError) return skipped('upload', 'upload peak RSS', `file-upload failed, wire this slot to issue 12's arguments: ${JSON.stringify(reply).slice(0, 300)}`);
    const peak = rssMb(server.child.pid, 'VmHWM');
    figure('upload', `peak RSS uploading ${MB} MB`, peak, 'MB', { floor: { label: 'bare node streaming it', value: await bareUploadPeak(sink.url, file) }, note: `peak before ${before.toFixed(1)} MB; upstream got ${(sink.received() / 2 ** 20).toFixed(0)} MB` });
  } finally {
    await server.stop();
    await sink.close();
  }
}
