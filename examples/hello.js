// A first program for Kestrel: functions, let/const, template literals, arrows, classes.
// Try: ./build.sh run examples/hello.js   (or: kestrel --dump-ast examples/hello.js)

function greet(name, punctuation = "!") {
  const greeting = `Hello, ${name}${punctuation}`;
  return greeting;
}

class Counter {
  #count = 0;
  increment(by = 1) {
    this.#count += by;
    return this;
  }
  get value() {
    return this.#count;
  }
}

const names = ["world", "Kestrel", "ECMAScript"];
let messages = names.map((n) => greet(n));
const counter = new Counter();
for (const message of messages) {
  counter.increment(message.length);
}

const summary = `${messages.length} greetings, ${counter.value} characters`;
if (typeof console !== "undefined") {
  console.log(messages.join("\n"));
  console.log(summary);
}
