// interp: a bytecode interpreter (a stack machine with locals, a switch in a loop) running a
// small program: the summed Collatz sequence lengths of 1..n. Indirect branches, a value stack
// in memory, unpredictable dispatch.
// Usage: interp [n]   (default 130000)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, DIVU, REMU, SHR, LTU, EQ, JZ, JNZ, JMP, DUP, POP, HALT };

struct insn { uint8_t op; int32_t arg; };

static int64_t run(const struct insn *code, int64_t *locals) {
    int64_t stack[64];
    int sp = 0;
    for (int pc = 0;;) {
        const struct insn *i = &code[pc++];
        switch ((enum op)i->op) {
        case PUSH: stack[sp++] = i->arg; break;
        case LOAD: stack[sp++] = locals[i->arg]; break;
        case STORE: locals[i->arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIVU: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] / (uint64_t)stack[sp]); break;
        case REMU: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] % (uint64_t)stack[sp]); break;
        case SHR: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] >> stack[sp]); break;
        case LTU: sp--; stack[sp - 1] = (uint64_t)stack[sp - 1] < (uint64_t)stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case JZ: if (stack[--sp] == 0) pc = i->arg; break;
        case JNZ: if (stack[--sp] != 0) pc = i->arg; break;
        case JMP: pc = i->arg; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case POP: sp--; break;
        case HALT: return stack[sp - 1];
        default: abort();
        }
    }
}

static struct insn code[64];
static int length;
static int fixups[64][2], fixup_count; // (instruction, label)
static int labels[16];

static void emit(enum op op, int32_t arg) { code[length++] = (struct insn){(uint8_t)op, arg}; }
static void emit_jump(enum op op, int label) {
    fixups[fixup_count][0] = length;
    fixups[fixup_count++][1] = label;
    emit(op, -1);
}
static void place(int label) { labels[label] = length; }

int main(int argc, char **argv) {
    int64_t n = argc > 1 ? atoi(argv[1]) : 130000;
    enum { I, X, TOTAL, N };                                   // locals
    enum { OUTER, INNER, EVEN, COUNT, NEXT, END };             // labels
    emit(PUSH, 1); emit(STORE, I); emit(PUSH, 0); emit(STORE, TOTAL);
    place(OUTER);                                              // while (i < n) {
    emit(LOAD, I); emit(LOAD, N); emit(LTU, 0); emit_jump(JZ, END);
    emit(LOAD, I); emit(STORE, X);                             //   x = i
    place(INNER);                                              //   while (x != 1) {
    emit(LOAD, X); emit(PUSH, 1); emit(EQ, 0); emit_jump(JNZ, NEXT);
    emit(LOAD, X); emit(PUSH, 2); emit(REMU, 0); emit_jump(JZ, EVEN);
    emit(LOAD, X); emit(PUSH, 3); emit(MUL, 0); emit(PUSH, 1); emit(ADD, 0); emit(STORE, X); // x = 3x + 1
    emit_jump(JMP, COUNT);
    place(EVEN);
    emit(LOAD, X); emit(PUSH, 1); emit(SHR, 0); emit(STORE, X);       // x >>= 1
    place(COUNT);
    emit(LOAD, TOTAL); emit(PUSH, 1); emit(ADD, 0); emit(STORE, TOTAL); // total++
    emit_jump(JMP, INNER);                                     //   }
    place(NEXT);
    emit(LOAD, I); emit(PUSH, 1); emit(ADD, 0); emit(STORE, I); emit_jump(JMP, OUTER); // i++ }
    place(END);
    emit(LOAD, TOTAL); emit(HALT, 0);
    for (int k = 0; k < fixup_count; k++) code[fixups[k][0]].arg = labels[fixups[k][1]];
    int64_t locals[4] = {0, 0, 0, n};
    int64_t total = run(code, locals);
    printf("collatz steps for 1..%lld: %lld (%d instructions)\n", (long long)n - 1, (long long)total, length);
    return 0;
}
