function sum(items) {
  let total = 0;
  for (const [k, v] of items) total += v;
  return total;
}
