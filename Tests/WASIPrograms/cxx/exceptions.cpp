// C++ exceptions across functions, built natively and for wasm32-wasi with -fwasm-exceptions
// (Tests/WASITests/CxxExceptionTests.swift): both builds must print the same.
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Base {
    int code;
    explicit Base(int c) : code(c) {}
    virtual ~Base() = default;
    virtual const char *name() const { return "Base"; }
};
struct Derived : Base {
    std::string detail;
    Derived(int c, std::string d) : Base(c), detail(std::move(d)) {}
    const char *name() const override { return "Derived"; }
};

// Prints when a frame is unwound: destructors run on the way out.
struct Guard {
    const char *label;
    explicit Guard(const char *l) : label(l) {}
    ~Guard() { std::printf("  ~Guard(%s)\n", label); }
};

int depth(int n) {
    Guard g(n == 3 ? "depth 3" : "other");
    if (n == 0) throw Derived(7, "from the bottom");
    return depth(n - 1) + 1;
}

void thrower(int kind) {
    switch (kind) {
    case 0: throw std::runtime_error("runtime_error");
    case 1: throw std::out_of_range("out_of_range");
    case 2: throw 42;
    case 3: throw Base(3);
    case 4: throw std::string("a string");
    default: break;
    }
}

int rethrowing(int kind) {
    try {
        thrower(kind);
    } catch (const std::exception &e) {
        std::printf("  rethrowing %s\n", e.what());
        throw;
    }
    return kind;
}

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
};
struct Square : Shape {
    double side;
    explicit Square(double s) : side(s) {
        if (s < 0) throw std::invalid_argument("negative side");
    }
    double area() const override {
        if (side > 100) throw std::overflow_error("too big");
        return side * side;
    }
};

int (*const handlers[])(int) = {
    [](int x) { return x * 2; },
    [](int x) -> int { if (x > 5) throw x; return x + 1; },
};

long loop_of_throws(int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
        try {
            if (i % 2 == 0) throw i;
            sum += i;
        } catch (int v) {
            sum -= v;
        }
    }
    return sum;
}

}  // namespace

int main() {
    try {
        std::printf("depth: %d\n", depth(5));
    } catch (const Base &b) {
        std::printf("caught %s code %d detail %s\n", b.name(), b.code, dynamic_cast<const Derived &>(b).detail.c_str());
    }

    for (int kind = 0; kind <= 5; kind++) {
        try {
            thrower(kind);
            std::printf("kind %d: no exception\n", kind);
        } catch (const std::out_of_range &e) {
            std::printf("kind %d: out_of_range %s\n", kind, e.what());
        } catch (const std::exception &e) {
            std::printf("kind %d: exception %s\n", kind, e.what());
        } catch (int v) {
            std::printf("kind %d: int %d\n", kind, v);
        } catch (const Base &b) {
            std::printf("kind %d: %s %d\n", kind, b.name(), b.code);
        } catch (...) {
            std::printf("kind %d: something else\n", kind);
        }
    }

    for (int kind = 0; kind <= 2; kind++) {
        try {
            rethrowing(kind);
        } catch (const std::logic_error &e) {
            std::printf("outer logic_error %s\n", e.what());
        } catch (const std::exception &e) {
            std::printf("outer exception %s\n", e.what());
        } catch (int v) {
            std::printf("outer int %d\n", v);
        }
    }

    std::vector<std::unique_ptr<Shape>> shapes;
    for (double side : {2.0, -1.0, 200.0, 3.0}) {
        try {
            shapes.push_back(std::make_unique<Square>(side));
            std::printf("square %g area %g\n", side, shapes.back()->area());
        } catch (const std::invalid_argument &e) {
            std::printf("square %g: invalid_argument %s\n", side, e.what());
        } catch (const std::exception &e) {
            std::printf("square %g: %s\n", side, e.what());
        }
    }
    std::printf("%zu squares kept\n", shapes.size());

    for (int x : {1, 9}) {
        for (auto handler : handlers) {
            try {
                std::printf("handler(%d) = %d\n", x, handler(x));
            } catch (int v) {
                std::printf("handler(%d) threw %d\n", x, v);
            }
        }
    }

    std::printf("loop of throws: %ld\n", loop_of_throws(100000));

    try {
        try {
            throw std::runtime_error("inner");
        } catch (...) {
            std::printf("inner catch-all, throwing another\n");
            throw std::length_error("replacement");
        }
    } catch (const std::length_error &e) {
        std::printf("outer got %s\n", e.what());
    }
    return 0;
}
