// floats: double and float arithmetic and printf of floating point in many formats
// (%f %e %g %.17g, field widths and flags), infinities, NaN, negative zero, subnormals,
// rounding, conversions between integers and floats, and correctly rounded sqrt.
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Values come through a volatile so clang cannot fold the printing away.
static volatile double sink;
static double opaque(double x) {
    sink = x;
    return sink;
}

static uint64_t bits_of(double x) {
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

int main(void) {
    const double values[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3.0, 2.0 / 3.0, 3.14159265358979323846,
                             1e-300, 123456789.125, 1e21, 6.02214076e23, 5e-324, DBL_MIN, DBL_MAX,
                             0.5, 1.5, 2.5, -2.5, 1e15 + 0.3, 100.0, 1234.5678};
    const char *formats[] = {"%f", "%.0f", "%.3f", "%e", "%.2e", "%g", "%.3g", "%.17g", "%12.4f", "%-12.3e|",
                             "%+g", "%08.2f", "%#g", "%G", "%E"};
    for (unsigned v = 0; v < sizeof values / sizeof values[0]; v++) {
        double x = opaque(values[v]);
        printf("[%2u]", v);
        for (unsigned f = 0; f < sizeof formats / sizeof formats[0]; f++) {
            if (f == 0 && fabs(x) > 1e30) continue;  // %f of DBL_MAX is 309 digits; still checked below once
            printf(" ");
            printf(formats[f], x);
        }
        printf("\n");
    }
    printf("DBL_MAX %%f: %f\n", opaque(DBL_MAX));

    double inf = opaque(INFINITY), nan_value = opaque(NAN);
    double negative_nan = -nan_value;
    printf("inf: %f %e %g %.17g %F %E %5.1f|%-6g|\n", inf, inf, inf, inf, inf, inf, inf, inf);
    printf("-inf: %f %e %g %+g\n", -inf, -inf, -inf, -inf);
    printf("nan: %f %e %g %.17g %F\n", nan_value, nan_value, nan_value, nan_value, nan_value);
    printf("-nan: %f %g\n", negative_nan, negative_nan);
    printf("isnan %d %d isinf %d %d signbit(-0.0) %d signbit(0.0) %d\n", isnan(nan_value) != 0,
           isnan(inf) != 0, isinf(-inf) != 0, isinf(nan_value) != 0, signbit(opaque(-0.0)) != 0,
           signbit(opaque(0.0)) != 0);
    double negative_zero = opaque(-0.0);
    printf("-0.0: %f %e %g %.17g; -0.0 == 0.0: %d; 1/-0.0 = %g\n", negative_zero, negative_zero,
           negative_zero, negative_zero, negative_zero == 0.0, 1.0 / negative_zero);
    printf("bits: 1.0=%016llx -0.0=%016llx inf=%016llx\n", (unsigned long long)bits_of(1.0),
           (unsigned long long)bits_of(negative_zero), (unsigned long long)bits_of(inf));
    printf("nan comparisons: %d %d %d %d\n", nan_value == nan_value, nan_value != nan_value,
           nan_value < 1.0, nan_value > 1.0);

    // Floats (single precision).
    float f = (float)opaque(0.1);
    float g = f * 3.0f;
    printf("float: %.9g %.9g %.17g %a\n", f, g, (double)g, 1.0);
    float fsum = 0;
    for (int i = 1; i <= 1000; i++) fsum += 1.0f / (float)i;
    printf("float harmonic(1000) = %.9g\n", fsum);
    double dsum = 0;
    for (int i = 1; i <= 1000000; i++) dsum += 1.0 / i;
    printf("double harmonic(1e6) = %.17g\n", dsum);

    // Correctly rounded operations (IEEE: +, -, *, /, sqrt) at full precision.
    for (int i = 1; i <= 10; i++) {
        double r = sqrt(opaque(i));
        printf("sqrt(%d) = %.17g, r*r-%d = %.17g\n", i, r, i, r * r - i);
    }
    printf("sqrtf(2) = %.9g\n", sqrtf((float)opaque(2.0)));

    // Rounding functions.
    const double to_round[] = {2.5, 3.5, -2.5, -0.4, 0.5, 1.4999999999999998, -1.5, 1e300};
    for (unsigned i = 0; i < sizeof to_round / sizeof to_round[0]; i++) {
        double x = opaque(to_round[i]);
        printf("x=%g floor=%g ceil=%g trunc=%g round=%g nearbyint=%g rint=%g\n", x, floor(x), ceil(x),
               trunc(x), round(x), nearbyint(x), rint(x));
    }
    printf("fmod(10.5, 3) = %g, fmod(-10.5, 3) = %g, fabs(-3) = %g, copysign(2, -0.0) = %g\n",
           fmod(opaque(10.5), 3), fmod(opaque(-10.5), 3), fabs(opaque(-3)), copysign(2, negative_zero));
    // (fmin/fmax of signed zeros is unspecified in C and differs between libcs; NaN handling is not.)
    printf("fmax(nan, 1) = %g, fmin(2, nan) = %g\n", fmax(nan_value, 1.0), fmin(2.0, nan_value));

    // Conversions.
    printf("(int)-3.99 = %d, (unsigned)3.99e9 = %u, (long long)-9.2e18 = %lld, (double)(1LL<<62)+1 = %.17g\n",
           (int)opaque(-3.99), (unsigned)opaque(3.99e9), (long long)opaque(-9.2e18),
           (double)((1LL << 62) + 1));
    printf("(float)16777217 = %.1f, (double)UINT64_MAX = %.17g\n", (double)(float)(int)opaque(16777217),
           (double)(uint64_t)opaque(1.8446744073709550e19));

    // Subnormals and gradual underflow.
    double tiny = opaque(DBL_MIN);
    for (int i = 0; i < 4; i++) {
        printf("DBL_MIN/2^%d = %.17g\n", i * 18, tiny);
        tiny /= 262144.0;
    }
    printf("strtod: %.17g %.17g %.17g %g\n", strtod("0.1", NULL), strtod("2.2250738585072011e-308", NULL),
           strtod("1e400", NULL), strtod("-0x1.8p1", NULL));

    // Transcendental functions, printed at a precision that hides last-ulp libm differences.
    double x = opaque(0.75);
    printf("exp %.10f log %.10f sin %.10f cos %.10f atan2 %.10f pow %.10f\n", exp(x), log(x), sin(x), cos(x),
           atan2(x, 2.0), pow(x, 2.5));

    // A float-heavy loop: Leibniz series and a simple Mandelbrot count.
    double pi = 0;
    for (int k = 0; k < 2000000; k++) pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
    printf("leibniz pi = %.15f\n", pi);
    int inside = 0;
    for (int py = 0; py < 60; py++)
        for (int px = 0; px < 120; px++) {
            double cr = -2.0 + px * (3.0 / 120), ci = -1.2 + py * (2.4 / 60), zr = 0, zi = 0;
            int it = 0;
            while (it < 200 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            inside += it == 200;
        }
    printf("mandelbrot inside: %d\n", inside);
    return 0;
}
