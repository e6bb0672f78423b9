'use strict';
// Peer baseline "Node.js + onnxruntime-node" (docs BENCHMARKS.md): node:http and one InferenceSession, one run per
// Open Inference Protocol JSON request at POST /v2/models/{name}/infer, default session options.
// Install: npm ci --ignore-scripts (the install script only fetches GPU binaries; the CPU ones ship in the package).
// Usage: node server.js --model PATH [--host 127.0.0.1] [--port 8002]
const http = require('node:http');
const ort = require('onnxruntime-node');

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, v, i, all) =>
  (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ''), all[i + 1]]] : pairs), []));
if (!args.model) { console.error('usage: node server.js --model PATH [--host H] [--port P]'); process.exit(2); }
const route = /^\/v2\/models\/([^/]+)\/infer$/;

function toTensor(input) {
  switch (input.datatype) {
    case 'FP32': return new ort.Tensor('float32', Float32Array.from(input.data), input.shape);
    case 'INT64': return new ort.Tensor('int64', BigInt64Array.from(input.data, BigInt), input.shape);
    default: throw new Error(`datatype ${input.datatype} is not supported`);
  }
}

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function main() {
  const session = await ort.InferenceSession.create(args.model);
  const server = http.createServer((req, res) => {
    const match = req.method === 'POST' && route.exec(req.url);
    if (!match) { reply(res, 404, { error: 'not found' }); return; }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const feeds = {};
        for (const input of request.inputs) feeds[input.name] = toTensor(input);
        const results = await session.run(feeds);
        const outputs = Object.entries(results).map(([name, t]) =>
          ({ name, shape: t.dims, datatype: 'FP32', data: Array.from(t.data) }));
        const body = { model_name: decodeURIComponent(match[1]), model_version: '1', outputs };
        if (request.id) body.id = request.id;
        reply(res, 200, body);
      } catch (e) {
        reply(res, 400, { error: String(e.message || e) });
      }
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(Number(args.port || 8002), args.host || '127.0.0.1', () =>
    console.log(`node-ort: onnxruntime-node ${require('onnxruntime-node/package.json').version}, listening on ${args.host || '127.0.0.1'}:${args.port || 8002}`));
}

main().catch((e) => { console.error(e); process.exit(1); });
