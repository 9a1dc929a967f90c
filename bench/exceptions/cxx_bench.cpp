// C++ exceptions, timed (bench/exceptions/run.sh): built natively and for wasm32-wasi with
// -fwasm-exceptions, then with bs-aot. Prints "<case> <nanoseconds per iteration>".
#include <chrono>
#include <cstdio>

namespace {

volatile int sink;

__attribute__((noinline)) int work(int i) { return i * 3 + 1; }
// Called through a pointer, so that no compiler (nor clang compiling bs-aot's C) inlines it and
// folds the loop away.
int (*volatile work_pointer)(int) = work;
__attribute__((noinline)) int fail(int i) {
    if (i >= 0) throw i;
    return i;
}
__attribute__((noinline)) int deep(int i, int depth) {
    if (depth == 0) return fail(i);
    return deep(i, depth - 1) + 1;
}

template <typename F>
void time(const char *name, int n, F body) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; i++) body(i);
    auto elapsed = std::chrono::steady_clock::now() - start;
    double ns = std::chrono::duration<double, std::nano>(elapsed).count() / n;
    std::printf("%-16s %.2f\n", name, ns);
}

}  // namespace

int main() {
    const int calls = 100000000, throws = 1000000;
    time("call", calls, [](int i) { sink = work_pointer(i); });
    time("try_call", calls, [](int i) {
        try {
            sink = work_pointer(i);
        } catch (...) {
            sink = -1;
        }
    });
    time("throw_catch", throws, [](int i) {
        try {
            sink = fail(i);
        } catch (int v) {
            sink = v;
        }
    });
    time("throw_depth10", throws, [](int i) {
        try {
            sink = deep(i, 10);
        } catch (int v) {
            sink = v;
        }
    });
    return 0;
}
