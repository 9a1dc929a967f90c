/*
 * wasi_abi.h: WASI preview1 constants (abi/wasi-preview1.md §5), private to the runtime.
 * Only the constants the implemented calls need; the numbering is WASI's, not the host's.
 */
#ifndef BSRT_WASI_ABI_H
#define BSRT_WASI_ABI_H

#include <stdint.h>

/* errno (§5.1), u16. ACCES is spelled EACCES here to match the POSIX name. */
#define WASI_ESUCCESS 0u
#define WASI_E2BIG 1u
#define WASI_EACCES 2u
#define WASI_EADDRINUSE 3u
#define WASI_EADDRNOTAVAIL 4u
#define WASI_EAFNOSUPPORT 5u
#define WASI_EAGAIN 6u
#define WASI_EALREADY 7u
#define WASI_EBADF 8u
#define WASI_EBADMSG 9u
#define WASI_EBUSY 10u
#define WASI_ECANCELED 11u
#define WASI_ECHILD 12u
#define WASI_ECONNABORTED 13u
#define WASI_ECONNREFUSED 14u
#define WASI_ECONNRESET 15u
#define WASI_EDEADLK 16u
#define WASI_EDESTADDRREQ 17u
#define WASI_EDOM 18u
#define WASI_EDQUOT 19u
#define WASI_EEXIST 20u
#define WASI_EFAULT 21u
#define WASI_EFBIG 22u
#define WASI_EHOSTUNREACH 23u
#define WASI_EIDRM 24u
#define WASI_EILSEQ 25u
#define WASI_EINPROGRESS 26u
#define WASI_EINTR 27u
#define WASI_EINVAL 28u
#define WASI_EIO 29u
#define WASI_EISCONN 30u
#define WASI_EISDIR 31u
#define WASI_ELOOP 32u
#define WASI_EMFILE 33u
#define WASI_EMLINK 34u
#define WASI_EMSGSIZE 35u
#define WASI_EMULTIHOP 36u
#define WASI_ENAMETOOLONG 37u
#define WASI_ENETDOWN 38u
#define WASI_ENETRESET 39u
#define WASI_ENETUNREACH 40u
#define WASI_ENFILE 41u
#define WASI_ENOBUFS 42u
#define WASI_ENODEV 43u
#define WASI_ENOENT 44u
#define WASI_ENOEXEC 45u
#define WASI_ENOLCK 46u
#define WASI_ENOLINK 47u
#define WASI_ENOMEM 48u
#define WASI_ENOMSG 49u
#define WASI_ENOPROTOOPT 50u
#define WASI_ENOSPC 51u
#define WASI_ENOSYS 52u
#define WASI_ENOTCONN 53u
#define WASI_ENOTDIR 54u
#define WASI_ENOTEMPTY 55u
#define WASI_ENOTRECOVERABLE 56u
#define WASI_ENOTSOCK 57u
#define WASI_ENOTSUP 58u
#define WASI_ENOTTY 59u
#define WASI_ENXIO 60u
#define WASI_EOVERFLOW 61u
#define WASI_EOWNERDEAD 62u
#define WASI_EPERM 63u
#define WASI_EPIPE 64u
#define WASI_EPROTO 65u
#define WASI_EPROTONOSUPPORT 66u
#define WASI_EPROTOTYPE 67u
#define WASI_ERANGE 68u
#define WASI_EROFS 69u
#define WASI_ESPIPE 70u
#define WASI_ESRCH 71u
#define WASI_ESTALE 72u
#define WASI_ETIMEDOUT 73u
#define WASI_ETXTBSY 74u
#define WASI_EXDEV 75u
#define WASI_ENOTCAPABLE 76u

/* filetype (§5.3), u8 */
#define WASI_FILETYPE_UNKNOWN 0u
#define WASI_FILETYPE_BLOCK_DEVICE 1u
#define WASI_FILETYPE_CHARACTER_DEVICE 2u
#define WASI_FILETYPE_DIRECTORY 3u
#define WASI_FILETYPE_REGULAR_FILE 4u
#define WASI_FILETYPE_SOCKET_DGRAM 5u
#define WASI_FILETYPE_SOCKET_STREAM 6u
#define WASI_FILETYPE_SYMBOLIC_LINK 7u

/* fdflags (§5.4), u16 */
#define WASI_FDFLAG_APPEND 1u
#define WASI_FDFLAG_DSYNC 2u
#define WASI_FDFLAG_NONBLOCK 4u
#define WASI_FDFLAG_RSYNC 8u
#define WASI_FDFLAG_SYNC 16u

/* rights (§5.2), u64: every right preview1 defines (bits 0-29), and the ones fdstat adjusts. */
#define WASI_RIGHTS_ALL ((UINT64_C(1) << 30) - 1)
#define WASI_RIGHT_FD_READ (UINT64_C(1) << 1)
#define WASI_RIGHT_FD_SEEK (UINT64_C(1) << 2)
#define WASI_RIGHT_FD_TELL (UINT64_C(1) << 5)
#define WASI_RIGHT_FD_WRITE (UINT64_C(1) << 6)
#define WASI_RIGHT_FD_READDIR (UINT64_C(1) << 14)
/* The rights that only make sense on a directory: FD_READDIR and every PATH_* right
 * (bits 9-20 and 24-26). */
#define WASI_RIGHTS_DIRECTORY_ONLY UINT64_C(0x071ffe00)

/* whence (§5.8), u8. preview1 numbers SET, CUR, END; wasi_unstable (preview0) numbers
 * CUR, END, SET (§6; preview0 typenames.witx `$whence`). */
#define WASI_WHENCE_SET 0u
#define WASI_WHENCE_CUR 1u
#define WASI_WHENCE_END 2u
#define WASI_UNSTABLE_WHENCE_CUR 0u
#define WASI_UNSTABLE_WHENCE_END 1u
#define WASI_UNSTABLE_WHENCE_SET 2u

/* clockid (§5.9), u32 */
#define WASI_CLOCK_REALTIME 0u
#define WASI_CLOCK_MONOTONIC 1u
#define WASI_CLOCK_PROCESS_CPUTIME_ID 2u
#define WASI_CLOCK_THREAD_CPUTIME_ID 3u

/* Struct sizes and field offsets (§4) */
#define WASI_CIOVEC_SIZE 8u   /* buf u32 @0, buf_len u32 @4 */
#define WASI_FDSTAT_SIZE 24u  /* filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16 */
#define WASI_PRESTAT_SIZE 8u  /* tag u8 @0, pr_name_len u32 @4 */

#endif /* BSRT_WASI_ABI_H */
