# A pure-Python workload for comparing CPython builds (bs-aot's python3.11.wasm build against a
# native CPython 3.11): interpreter dispatch, integer and float arithmetic, dicts, strings, a
# JSON round trip and a sort. Prints a checksum, the same on every build. See BENCHMARKS.md.
import json


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def loops(n):
    total = 0
    for i in range(n):
        total = (total + i * i) % 1000003
    return total


def words(n):
    counts = {}
    for i in range(n):
        word = "w" + str((i * 7919) % 5000)
        counts[word] = counts.get(word, 0) + 1
    return sum(len(k) * v for k, v in counts.items())


def floats(n):
    x = 0.0
    for i in range(1, n):
        x += 1.0 / (i * i)
    return round(x, 9)


def records(n):
    data = [{"id": i, "name": "item%d" % i, "tags": [i % 3, i % 5], "value": i * 0.5} for i in range(n)]
    text = json.dumps(data)
    back = json.loads(text)
    back.sort(key=lambda r: (r["tags"][1], -r["id"]))
    return len(text) + back[0]["id"]


print(fib(27), loops(5_000_000), words(600_000), floats(3_000_000), records(200_000))
