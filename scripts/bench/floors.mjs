/**
 * The physical floors: bare node:http servers, each in its own process, doing the least any
 * server could do for the same request — serve the same bytes, or make the same upstream call.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startListening, tempDir } from './processes.mjs';
import { KEY } from './settings.mjs';

const READY = `function(){console.error('Streamable HTTP on http://127.0.0.1:'+this.address().port+'/mcp')}`;

/** A bare node:http server answering every request with exactly `bytes` (a JSON body). */
export function startBareBytes(bytes) {
  const file = join(tempDir('bytes'), 'body.json');
  writeFileSync(file, bytes);
  return startListening(['-e', `const body=require('fs').readFileSync(${JSON.stringify(file)});
    require('http').createServer((q,s)=>{q.resume().on('end',()=>{s.writeHead(200,{'content-type':'application/json','content-length':body.length});s.end(body)})})
      .listen(0,'127.0.0.1',${READY})`]);
}

/** A bare node:http server that GETs `path` from the upstream (keep-alive) for every request and returns its body. */
export function startBareProxy(upstream, path) {
  return startListening(['-e', `const http=require('http');const agent=new http.Agent({keepAlive:true,maxSockets:256});
    const target=new URL(${JSON.stringify(upstream + path)});const headers={authorization:'Bearer ${KEY}','openai-beta':'assistants=v2',accept:'application/json'};
    http.createServer((q,s)=>{q.resume().on('end',()=>{http.get(target,{agent,headers},(r)=>{const c=[];r.on('data',(d)=>c.push(d)).on('end',()=>{const b=Buffer.concat(c);
      s.writeHead(r.statusCode,{'content-type':'application/json','content-length':b.length});s.end(b)})}).on('error',(e)=>{s.writeHead(502);s.end(String(e))})})})
      .listen(0,'127.0.0.1',${READY})`]);
}

/** A bare node:http server answering any request with a tiny fixed body: the round-trip floor. */
export function startBareEmpty() {
  return startBareBytes('{"jsonrpc":"2.0","id":1,"result":{}}');
}
