/* errno_names.h: errno values as their names, for the WASI test programs.
 *
 * wasi-libc's errno numbers are WASI's (ENOENT is 44), not Linux's (2), and strerror texts
 * differ between libcs, so programs print names: the same on both builds. ENOTCAPABLE exists
 * only in wasi-libc. */
#ifndef ERRNO_NAMES_H
#define ERRNO_NAMES_H

#include <errno.h>
#include <stdio.h>

static const char *errno_name(int error) {
    switch (error) {
    case 0: return "OK";
    case EACCES: return "EACCES";
    case EAGAIN: return "EAGAIN";
    case EBADF: return "EBADF";
    case EBUSY: return "EBUSY";
    case ENOTSOCK: return "ENOTSOCK";
    case EEXIST: return "EEXIST";
    case EFAULT: return "EFAULT";
    case EFBIG: return "EFBIG";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case EIO: return "EIO";
    case EISDIR: return "EISDIR";
    case ELOOP: return "ELOOP";
    case EMFILE: return "EMFILE";
    case EMLINK: return "EMLINK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENFILE: return "ENFILE";
    case ENODEV: return "ENODEV";
    case ENOENT: return "ENOENT";
    case ENOSPC: return "ENOSPC";
    case ENOSYS: return "ENOSYS";
    case ENOTDIR: return "ENOTDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTSUP: return "ENOTSUP";
    case ENOTTY: return "ENOTTY";
    case ENXIO: return "ENXIO";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case ESPIPE: return "ESPIPE";
    case EXDEV: return "EXDEV";
#ifdef ENOTCAPABLE
    case ENOTCAPABLE: return "ENOTCAPABLE";
#endif
    default: {
        static char unknown[32];
        snprintf(unknown, sizeof unknown, "errno#%d", error);
        return unknown;
    }
    }
}

/* "ok" when `result` is not negative, else the name of errno; errno is cleared first by the
 * CHECK macro so a stale value never shows. */
#define CHECK(label, call)                                                                      \
    do {                                                                                        \
        errno = 0;                                                                              \
        long long check_result_ = (long long)(call);                                            \
        if (check_result_ < 0)                                                                  \
            printf("%s: %s\n", (label), errno_name(errno));                                     \
        else                                                                                    \
            printf("%s: ok\n", (label));                                                        \
    } while (0)

#endif
