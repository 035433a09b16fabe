function f(x) {
  for (let i = 0; i < x; i++) {
    try {
      if (i === 2) break;
      if (i === 1) continue;
    } finally {
      g(i);
    }
  }
  return x;
}
