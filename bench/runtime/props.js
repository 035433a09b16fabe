// Property access on same-shape objects: an n-body style simulation over Vec3-like class instances.
class Vec3 {
    constructor(x, y, z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }
}
class Body {
    constructor(x, y, z, vx, vy, vz, mass) {
        this.pos = new Vec3(x, y, z);
        this.vel = new Vec3(vx, vy, vz);
        this.mass = mass;
    }
}

const bodies = [];
for (let i = 0; i < 5; i++) {
    bodies.push(new Body(i * 1.5 - 3, (i % 3) * 0.75, 0.25 * i, 0.01 * i, -0.02 * (i % 2), 0.005, 1 + i * 0.5));
}

function advance(dt) {
    const n = bodies.length;
    for (let i = 0; i < n; i++) {
        const a = bodies[i];
        for (let j = i + 1; j < n; j++) {
            const b = bodies[j];
            const dx = a.pos.x - b.pos.x;
            const dy = a.pos.y - b.pos.y;
            const dz = a.pos.z - b.pos.z;
            const d2 = dx * dx + dy * dy + dz * dz + 0.01;
            const mag = dt / (d2 * Math.sqrt(d2));
            a.vel.x -= dx * b.mass * mag;
            a.vel.y -= dy * b.mass * mag;
            a.vel.z -= dz * b.mass * mag;
            b.vel.x += dx * a.mass * mag;
            b.vel.y += dy * a.mass * mag;
            b.vel.z += dz * a.mass * mag;
        }
    }
    for (let i = 0; i < n; i++) {
        const b = bodies[i];
        b.pos.x += dt * b.vel.x;
        b.pos.y += dt * b.vel.y;
        b.pos.z += dt * b.vel.z;
    }
}

function energy() {
    let e = 0;
    for (let i = 0; i < bodies.length; i++) {
        const a = bodies[i];
        e += 0.5 * a.mass * (a.vel.x * a.vel.x + a.vel.y * a.vel.y + a.vel.z * a.vel.z);
        for (let j = i + 1; j < bodies.length; j++) {
            const b = bodies[j];
            const dx = a.pos.x - b.pos.x, dy = a.pos.y - b.pos.y, dz = a.pos.z - b.pos.z;
            e -= (a.mass * b.mass) / Math.sqrt(dx * dx + dy * dy + dz * dz + 0.01);
        }
    }
    return e;
}

const STEPS = 50000;
const e0 = energy();
for (let s = 0; s < STEPS; s++) advance(0.001);
const e1 = energy();
// Rounded so that the checksum does not depend on how the last digits of a double are printed.
console.log("props", STEPS, Math.round(e0 * 1e6), Math.round(e1 * 1e6));
