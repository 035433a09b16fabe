// JSON round trip: stringify and parse a medium object graph, repeatedly.
function makeGraph(seed) {
    const users = [];
    for (let i = 0; i < 200; i++) {
        users.push({
            id: i + seed,
            name: "user" + i,
            active: (i + seed) % 3 !== 0,
            score: ((i * 37 + seed) % 1000) / 8,
            tags: ["a" + (i % 5), "b" + (i % 7), "c"],
            address: { street: i + " Main St", city: "City" + (i % 13), zip: String(10000 + i) },
            friends: [i % 17, i % 29, (i * 3) % 200],
            note: i % 11 === 0 ? null : "line\n\"quoted\" \\ " + i,
        });
    }
    return { version: seed, count: users.length, users, meta: { generated: "bench", nested: { deep: [1, 2, [3, 4, { five: 5 }]] } } };
}

const ROUNDS = 1200;
let check = 0;
let graph = makeGraph(1);
for (let r = 0; r < ROUNDS; r++) {
    const text = JSON.stringify(graph);
    const back = JSON.parse(text);
    check = (check * 31 + text.length + back.users[r % back.count].id + back.users.length) % 1000000007;
    back.version = r;
    back.users[r % back.count].score += 1;
    graph = back;
}
const pretty = JSON.stringify(graph.users[3], null, 2);
console.log("json", ROUNDS, check, pretty.length, graph.users[3].score);
