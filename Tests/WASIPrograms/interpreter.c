// interpreter: a small stack-machine bytecode interpreter (a switch dispatch loop, which WASM
// lowers to br_table) with an assembler for a tiny text language; runs loops, recursion via a
// call stack, and prints. A workload in the style of a scripting-language VM.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, CALL, RET, LOAD, STORE, PRINT, HALT };
static const char *op_names[] = {"push", "pop", "dup", "swap", "over", "add", "sub", "mul", "div", "mod",
                                 "lt", "eq", "jmp", "jz", "call", "ret", "load", "store", "print", "halt"};

struct vm {
    int64_t stack[256];
    int sp;
    int32_t calls[256];
    int csp;
    int64_t vars[16];
    uint64_t steps;
};

static int assemble(const char *source, int32_t *code, int max) {
    char labels[32][16];
    int label_at[32], nlabels = 0, n = 0;
    char fixup_name[64][16];
    int fixup_at[64], nfixups = 0;
    char *text = malloc(strlen(source) + 1);
    strcpy(text, source);
    for (char *tok = strtok(text, " \n"); tok && n < max; tok = strtok(NULL, " \n")) {
        size_t len = strlen(tok);
        if (tok[len - 1] == ':') {
            tok[len - 1] = 0;
            strcpy(labels[nlabels], tok);
            label_at[nlabels++] = n;
            continue;
        }
        int found = -1;
        for (int i = 0; i < (int)(sizeof op_names / sizeof op_names[0]); i++)
            if (strcmp(op_names[i], tok) == 0) found = i;
        if (found >= 0) {
            code[n++] = found;
        } else if ((tok[0] >= '0' && tok[0] <= '9') || tok[0] == '-') {
            code[n++] = (int32_t)strtol(tok, NULL, 10);
        } else {
            strcpy(fixup_name[nfixups], tok);
            fixup_at[nfixups++] = n++;
        }
    }
    for (int f = 0; f < nfixups; f++)
        for (int l = 0; l < nlabels; l++)
            if (strcmp(fixup_name[f], labels[l]) == 0) code[fixup_at[f]] = label_at[l];
    free(text);
    return n;
}

static int run(struct vm *vm, const int32_t *code) {
    int pc = 0;
    for (;;) {
        vm->steps++;
        int64_t a, b;
        switch ((enum op)code[pc++]) {
        case PUSH: vm->stack[vm->sp++] = code[pc++]; break;
        case POP: vm->sp--; break;
        case DUP: vm->stack[vm->sp] = vm->stack[vm->sp - 1]; vm->sp++; break;
        case SWAP: a = vm->stack[vm->sp - 1]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 2]; vm->stack[vm->sp - 2] = a; break;
        case OVER: vm->stack[vm->sp] = vm->stack[vm->sp - 2]; vm->sp++; break;
        case ADD: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] += b; break;
        case SUB: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] -= b; break;
        case MUL: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] *= b; break;
        case DIV: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = b ? vm->stack[vm->sp - 1] / b : 0; break;
        case MOD: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = b ? vm->stack[vm->sp - 1] % b : 0; break;
        case LT: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 1] < b; break;
        case EQ: b = vm->stack[--vm->sp]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 1] == b; break;
        case JMP: pc = code[pc]; break;
        case JZ: a = vm->stack[--vm->sp]; pc = a ? pc + 1 : code[pc]; break;
        case CALL: vm->calls[vm->csp++] = pc + 1; pc = code[pc]; break;
        case RET: pc = vm->calls[--vm->csp]; break;
        case LOAD: vm->stack[vm->sp++] = vm->vars[code[pc++]]; break;
        case STORE: vm->vars[code[pc++]] = vm->stack[--vm->sp]; break;
        case PRINT: printf("%lld\n", (long long)vm->stack[--vm->sp]); break;
        case HALT: return 0;
        default: printf("bad opcode %d at %d\n", code[pc - 1], pc - 1); return 1;
        }
    }
}

// Sum of primes below 20000 by trial division, then fib(25) by recursion on the VM stack,
// then a factorial table.
static const char *program =
    "push 0 store 0 push 2 store 1\n"
    "outer: load 1 push 20000 lt jz done_primes\n"
    "  push 2 store 2\n"
    "inner: load 1 load 2 load 2 mul lt jz check jmp is_prime\n"
    "check: load 1 load 2 mod jz not_prime\n"
    "  load 2 push 1 add store 2 jmp inner\n"
    "is_prime: load 0 load 1 add store 0\n"
    "not_prime: load 1 push 1 add store 1 jmp outer\n"
    "done_primes: load 0 print\n"
    "push 25 call fib print\n"
    "push 1 store 3 push 1 store 4\n"
    "fact: load 4 push 16 lt jz fact_done load 3 load 4 mul dup store 3 print load 4 push 1 add store 4 jmp fact\n"
    "fact_done: halt\n"
    "fib: dup push 2 lt jz fib_rec ret\n"
    "fib_rec: dup push 1 sub call fib swap push 2 sub call fib add ret\n";

int main(void) {
    int32_t code[512];
    int n = assemble(program, code, 512);
    printf("assembled %d words\n", n);
    struct vm *vm = calloc(1, sizeof *vm);
    int status = run(vm, code);
    printf("status %d, steps %llu, final sp %d\n", status, (unsigned long long)vm->steps, vm->sp);
    free(vm);
    return 0;
}
