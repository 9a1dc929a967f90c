/* main.c: a C program that embeds the WebAssembly module calc.wat through the static library
 * that `bs-aot build --lib calc.wasm -o libcalc.a` makes (README.md here has the commands). */
#include <stdio.h>
#include <string.h>

#include "calc.h"

/* The host's side of the module's imports. */
typedef struct host_state {
    unsigned scale_calls;
} host_state;

/* env.log: prints `len` bytes of the instance's memory from `ptr`. */
static void host_log(void *user_data, calc_instance *instance, uint32_t ptr, uint32_t len) {
    (void)user_data;
    if ((uint64_t)ptr + len > calc_memory_size(instance)) return; /* the module's pointer, checked */
    printf("log: %.*s\n", (int)len, (const char *)calc_memory_data(instance) + ptr);
}

/* env.scale: doubles a value, counting the calls in the user data. */
static uint32_t host_scale(void *user_data, calc_instance *instance, uint32_t value) {
    (void)instance;
    ((host_state *)user_data)->scale_calls++;
    return value * 2;
}

int main(void) {
    host_state state = {0};
    calc_imports imports = {.user_data = &state, .env_log = host_log, .env_scale = host_scale};
    calc_error error;

    calc_instance *calc = calc_new(&imports, &error);
    if (calc == NULL) {
        fprintf(stderr, "calc_new: %s\n", error.message);
        return 1;
    }

    /* An export that calls a host function, which reads the module's memory. */
    uint32_t length = 0;
    error = calc_greet(calc, &length);
    printf("greet: code %d, length %u\n", error.code, length);

    /* The host writes into the module's memory; the module sums it through env.scale. */
    const uint8_t bytes[] = {1, 2, 3, 4};
    memcpy(calc_memory_data(calc) + 1024, bytes, sizeof bytes);
    uint64_t sum = 0;
    calc_sum(calc, 1024, sizeof bytes, &sum);
    printf("sum: %llu (env.scale called %u times)\n", (unsigned long long)sum, state.scale_calls);

    /* Results, several results, and an exported global. */
    uint32_t quotient = 0, remainder = 0;
    calc_divide(calc, 84, 2, &quotient);
    calc_divmod(calc, 17, 5, &quotient, &remainder);
    printf("divmod: 17 = 5 * %u + %u\n", quotient, remainder);
    printf("divisions: %u\n", calc_divisions_get(calc));

    /* A trap comes back as an error value; the instance stays usable. */
    error = calc_divide(calc, 1, 0, &quotient);
    printf("divide by zero: code %d (%s), message \"%s\"\n", error.code,
           error.code == CALC_TRAP_INT_DIV_BY_ZERO ? "CALC_TRAP_INT_DIV_BY_ZERO" : "unexpected", error.message);
    error = calc_divide(calc, 9, 3, &quotient);
    printf("after the trap: code %d, 9 / 3 = %u\n", error.code, quotient);
    calc_divisions_set(calc, 100);
    printf("divisions set to %u\n", calc_divisions_get(calc));

    /* Instances are independent: a second one has its own memory and globals. */
    calc_instance *other = calc_new(&imports, NULL);
    printf("second instance: divisions %u, memory %llu bytes, byte 1024 = %u\n", calc_divisions_get(other),
           (unsigned long long)calc_memory_size(other), calc_memory_data(other)[1024]);
    calc_delete(other);

    /* A missing host function is an error from calc_new, naming the import. */
    calc_imports incomplete = {.user_data = &state, .env_log = NULL, .env_scale = host_scale};
    calc_instance *none = calc_new(&incomplete, &error);
    printf("without env.log: %s, code %d, \"%s\"\n", none == NULL ? "NULL" : "an instance", error.code,
           error.message);

    calc_delete(calc);
    return 0;
}
