// A float loop: the Mandelbrot set on a small grid, counting the iterations.
const W = 200, H = 150, MAX_ITER = 200;
let total = 0;
let inside = 0;
for (let py = 0; py < H; py++) {
    const y0 = (py / H) * 2.4 - 1.2;
    for (let px = 0; px < W; px++) {
        const x0 = (px / W) * 3.5 - 2.5;
        let x = 0.0, y = 0.0, k = 0;
        while (k < MAX_ITER && x * x + y * y <= 4.0) {
            const xt = x * x - y * y + x0;
            y = 2.0 * x * y + y0;
            x = xt;
            k++;
        }
        total += k;
        if (k === MAX_ITER) inside++;
    }
}
console.log("mandelbrot", W + "x" + H, total, inside);
