/* Charte widget loader. embed.js adds it only when the visitor must be
   asked (or opens the preferences). It mounts <charte-consent> with an open
   shadow root at the end of <body> and runs the go-app client there, in a
   stand-in window (sandbox.js). */
import { runWasmExec } from './wasm_exec.js';
import { sandbox } from './sandbox.js';
import { bytes, prefetch, mark } from './fetch.js';
import { handOver } from './handover.js';

const TAG = 'charte-consent';

// mounted is the host element and the mount go-app takes as its body: on
// a first visit embed.js made them, and the mount's first child is the
// prerendered banner; else new ones.
function mounted(boot) {
  if (boot.host) return { host: boot.host, mount: boot.mount };
  const host = document.createElement(TAG), mount = document.createElement('div');
  mount.appendChild(document.createElement('div'));
  host.attachShadow({ mode: 'open' }).appendChild(mount);
  return { host: host, mount: mount };
}

// painted resolves once the shell's banner is painted (a frame, or 250 ms
// in a hidden tab): Go's start holds the main thread for a while.
function painted() {
  return new Promise((done) => {
    requestAnimationFrame(() => { setTimeout(done, 0); });
    setTimeout(done, 250);
  });
}

// load starts the widget; it resolves with the handle the Go side gives
// (open, update), and rejects when anything is missing.
function load(boot) {
  const got = bytes(boot.config);
  const m = mounted(boot), host = m.host, mount = m.mount, shadow = host.shadowRoot;
  // focusAt is where focus is in the prerendered banner that go-app
  // replaces (1 + its index among the banner and its buttons; 0:
  // elsewhere), so that the same control keeps it. Without a prerendered
  // banner, the banner gets it.
  const focusAt = () => {
    const el = mount.querySelector('[data-charte-shell]'), a = shadow.activeElement;
    if (!el) return 1;
    return a && el.contains(a) ? Array.prototype.indexOf.call(el.querySelectorAll('.charte-banner, .charte-banner button'), a) + 1 : 0;
  };
  // embed.js may start this from <head>: the host goes in a parsed body.
  const parsed = document.readyState !== 'loading' ? null : new Promise((r) => {
    document.addEventListener('DOMContentLoaded', r);
  });
  return Promise.all([got, parsed, boot.shown]).then((r) => painted().then(() => r[0])).then((b) => new Promise((resolve, reject) => {
    const box = sandbox(shadow, mount, handOver(boot, b[1], focusAt, resolve));
    const stdio = { writeSync: (fd, buf) => box.globals.fs.writeSync(fd, buf) };
    runWasmExec(box.win, stdio);
    const go = new box.globals.Go();
    if (!host.parentNode) document.body.appendChild(host);
    WebAssembly.instantiate(b[0], go.importObject).then((inst) => {
      mark('instantiated');
      go.run(inst).then(() => { reject(new Error('the widget stopped')); }, reject);
    }, reject);
  })).catch((e) => {
    if (host.parentNode) host.parentNode.removeChild(host);
    throw e;
  });
}

load.fetch = prefetch;
window.__charteLoad = load;
