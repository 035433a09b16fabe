// The engine's thread: loads Kestrel (pkg/, built by ./build.sh wasm) and answers the page's requests,
// so a long or endless run never freezes the page (the page stops it by terminating this worker).
import init, * as kestrel from "../pkg/kestrel.js";

let session = null;

const ops = {
  // Everything the static panes show: tokens (also the editor's highlighting), AST, bytecode.
  analyze({ source, module }) {
    const options = { module };
    const out = { tokens: kestrel.tokens(source, options) };
    try {
      out.ast = kestrel.ast(source, options);
    } catch (e) {
      out.astError = { name: e.name, message: e.message, line: e.line, column: e.column };
    }
    try {
      out.bytecode = kestrel.bytecode(source, options);
    } catch (e) {
      out.bytecodeError = { name: e.name, message: e.message, line: e.line, column: e.column };
    }
    return out;
  },
  tokens({ source, module }) {
    return kestrel.tokens(source, { module });
  },
  evaluate({ source, module }) {
    return kestrel.evaluate(source, { module });
  },
  // A recorded run to step through; later requests move in it.
  session({ source, module, maxSteps }) {
    if (session) session.free();
    session = new kestrel.Session(source, { module, maxSteps });
    return {
      length: session.length,
      truncated: session.truncated,
      result: session.result,
      events: session.events(),
      snapshot: session.snapshot(),
    };
  },
  move({ how, step }) {
    if (!session) return null;
    switch (how) {
      case "step": return session.step();
      case "over": return session.stepOver();
      case "out": return session.stepOut();
      case "back": return session.stepBack();
      case "run": return session.run();
      case "goto": return session.goTo(step);
      default: return session.snapshot();
    }
  },
};

await init();
postMessage({ type: "ready", version: kestrel.version(), opcodes: kestrel.opcodes() });

onmessage = ({ data }) => {
  const { id, op, args } = data;
  try {
    postMessage({ type: "reply", id, result: ops[op](args) });
  } catch (e) {
    postMessage({ type: "reply", id, error: String(e && e.message || e) });
  }
};
