/* bs-aot-fuzz: the translator's fuzz target (Sources/Fuzzing). Built normally, this main runs the
 * standalone modes (seed extraction, a mutation loop, single files). scripts/fuzz.sh builds it with
 * -sanitize=fuzzer and -DBS_AOT_LIBFUZZER: libFuzzer's own main then drives
 * LLVMFuzzerTestOneInput (FuzzTarget.swift), so this one steps aside. */
int bs_aot_fuzz_standalone(int argc, char **argv);

#ifndef BS_AOT_LIBFUZZER
int main(int argc, char **argv) { return bs_aot_fuzz_standalone(argc, argv); }
#endif
