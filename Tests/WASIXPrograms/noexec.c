/* noexec.c: without --allow-exec every exec and spawn call is refused: the errno calls with
 * NOTCAPABLE; with the argument `exec`, proc_exec, which cannot return, ends the process with
 * status 126 and one line on stderr. */
#include "wasix_process.h"

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exec") == 0) {
        wx_proc_exec(S("/bin/echo"), S("echo\nmust not run"));
        printf("FAIL proc_exec returned\n");
        return 1;
    }
    uint32_t pid = 0;
    CHECK_EQ(wx_proc_exec3(S("/bin/echo"), S("echo\nno"), 0, 0, 0, 0, 0), WX_NOTCAPABLE,
             "proc_exec3 without --allow-exec is NOTCAPABLE");
    const char *args[] = {"echo"};
    CHECK_EQ(wx_proc_exec4(S("/bin/echo"), args, 1, 0, 0, 0, 0, 0), WX_NOTCAPABLE,
             "proc_exec4 without --allow-exec is NOTCAPABLE");
    CHECK_EQ(wx_proc_spawn2(S("/bin/echo"), S("echo"), 0, 0, 0, 0, 0, 0, 0, 0, 0, &pid), WX_NOTCAPABLE,
             "proc_spawn2 without --allow-exec is NOTCAPABLE");
    CHECK_EQ(wx_proc_spawn3(S("/bin/echo"), args, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, &pid), WX_NOTCAPABLE,
             "proc_spawn3 without --allow-exec is NOTCAPABLE");
    wx_process_handles handles;
    CHECK_EQ(wx_proc_spawn(S("/bin/echo"), 0, S("echo"), 0, 0, 1, 1, 1, 0, 0, &handles), WX_NOTCAPABLE,
             "proc_spawn without --allow-exec is NOTCAPABLE");
    return wasix_failures;
}
