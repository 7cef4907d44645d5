// @ts-check
// `capstan healthcheck URL [--ca FILE]`: exits 0 when URL answers (http(s): a 2xx status; tcp: a connection
// is accepted) within 3 s, else 1. Compose health checks run it, since the images have no curl.
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { parseArgs } from "node:util";

const TIMEOUT_MS = 3_000;
const { values, positionals } = parseArgs({ allowPositionals: true, options: { ca: { type: "string" } } });
const target = positionals[0];
if (!target) {
  console.error("usage: capstan healthcheck URL [--ca FILE]   (URL: http://, https:// or tcp://host:port)");
  process.exit(2);
}
const url = new URL(target);
const fail = (/** @type {unknown} */ why) => {
  console.error(`healthcheck: ${url.href}: ${why instanceof Error ? why.message : String(why)}`);
  process.exit(1);
};
setTimeout(() => fail("no answer"), TIMEOUT_MS).unref();

if (url.protocol === "tcp:") {
  const socket = connect({ host: url.hostname, port: Number(url.port) }, () => process.exit(0));
  socket.once("error", fail);
} else if (url.protocol === "http:" || url.protocol === "https:") {
  const ca = values.ca ? readFileSync(values.ca) : undefined;
  const init = { method: "GET", ca, timeout: TIMEOUT_MS };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const req = send(url, init, (res) => {
    res.resume();
    if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) process.exit(0);
    fail(`status ${res.statusCode}`);
  });
  req.once("error", fail);
  req.end();
} else {
  fail(`unsupported scheme ${url.protocol}`);
}
