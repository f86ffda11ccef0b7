// Preloaded (node --import) into `observable build` and its data loaders by the site tests: any attempt to
// reach a host other than this machine is logged to $JICAI_BLOCKED_LOG and fails, as it would on an intranet.
import {appendFileSync} from "node:fs";
import dns from "node:dns";

const log = process.env.JICAI_BLOCKED_LOG;
const local = new Set(["localhost", "127.0.0.1", "::1"]);

function blocked(what) {
  if (log) appendFileSync(log, `${process.pid} ${what}\n`);
  return new Error(`network access blocked in offline build test: ${what}`);
}

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (!local.has(url.hostname)) throw blocked(`fetch ${url.href}`);
  return realFetch(input, init);
};

const realLookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  if (!local.has(hostname)) {
    const callback = rest.at(-1);
    const error = blocked(`dns ${hostname}`);
    if (typeof callback === "function") return void process.nextTick(callback, error);
    throw error;
  }
  return realLookup.call(this, hostname, ...rest);
};
const realPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function (hostname, ...rest) {
  if (!local.has(hostname)) throw blocked(`dns ${hostname}`);
  return realPromisesLookup.call(this, hostname, ...rest);
};
