/*
 * wasi_abi.h: WASI preview1 constants (abi/wasi-preview1.md §5), private to the runtime.
 * The numbering is WASI's, not the host's.
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

/* rights (§5.2), u64 bit flags. */
#define WASI_RIGHT_FD_DATASYNC (UINT64_C(1) << 0)
#define WASI_RIGHT_FD_READ (UINT64_C(1) << 1)
#define WASI_RIGHT_FD_SEEK (UINT64_C(1) << 2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS (UINT64_C(1) << 3)
#define WASI_RIGHT_FD_SYNC (UINT64_C(1) << 4)
#define WASI_RIGHT_FD_TELL (UINT64_C(1) << 5)
#define WASI_RIGHT_FD_WRITE (UINT64_C(1) << 6)
#define WASI_RIGHT_FD_ADVISE (UINT64_C(1) << 7)
#define WASI_RIGHT_FD_ALLOCATE (UINT64_C(1) << 8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY (UINT64_C(1) << 9)
#define WASI_RIGHT_PATH_CREATE_FILE (UINT64_C(1) << 10)
#define WASI_RIGHT_PATH_LINK_SOURCE (UINT64_C(1) << 11)
#define WASI_RIGHT_PATH_LINK_TARGET (UINT64_C(1) << 12)
#define WASI_RIGHT_PATH_OPEN (UINT64_C(1) << 13)
#define WASI_RIGHT_FD_READDIR (UINT64_C(1) << 14)
#define WASI_RIGHT_PATH_READLINK (UINT64_C(1) << 15)
#define WASI_RIGHT_PATH_RENAME_SOURCE (UINT64_C(1) << 16)
#define WASI_RIGHT_PATH_RENAME_TARGET (UINT64_C(1) << 17)
#define WASI_RIGHT_PATH_FILESTAT_GET (UINT64_C(1) << 18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE (UINT64_C(1) << 19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES (UINT64_C(1) << 20)
#define WASI_RIGHT_FD_FILESTAT_GET (UINT64_C(1) << 21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE (UINT64_C(1) << 22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES (UINT64_C(1) << 23)
#define WASI_RIGHT_PATH_SYMLINK (UINT64_C(1) << 24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY (UINT64_C(1) << 25)
#define WASI_RIGHT_PATH_UNLINK_FILE (UINT64_C(1) << 26)
#define WASI_RIGHT_POLL_FD_READWRITE (UINT64_C(1) << 27)
#define WASI_RIGHT_SOCK_SHUTDOWN (UINT64_C(1) << 28)
#define WASI_RIGHT_SOCK_ACCEPT (UINT64_C(1) << 29)
#define WASI_RIGHTS_ALL ((UINT64_C(1) << 30) - 1)
/* The rights that only make sense on a directory: FD_READDIR and every PATH_* right
 * (bits 9-20 and 24-26). */
#define WASI_RIGHTS_DIRECTORY_ONLY UINT64_C(0x071ffe00)
/* The rights that make no sense on a directory: its bytes and its offset, sockets' calls. */
#define WASI_RIGHTS_FILE_DATA                                                                        \
    (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_WRITE |              \
     WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_SOCK_SHUTDOWN |             \
     WASI_RIGHT_SOCK_ACCEPT)

/* fstflags (§5.5), u16 */
#define WASI_FSTFLAG_ATIM 1u
#define WASI_FSTFLAG_ATIM_NOW 2u
#define WASI_FSTFLAG_MTIM 4u
#define WASI_FSTFLAG_MTIM_NOW 8u

/* lookupflags (§5.6), u32 */
#define WASI_LOOKUP_SYMLINK_FOLLOW 1u

/* oflags (§5.7), u16 */
#define WASI_OFLAG_CREAT 1u
#define WASI_OFLAG_DIRECTORY 2u
#define WASI_OFLAG_EXCL 4u
#define WASI_OFLAG_TRUNC 8u

/* advice (§5.10), u8 */
#define WASI_ADVICE_NORMAL 0u
#define WASI_ADVICE_SEQUENTIAL 1u
#define WASI_ADVICE_RANDOM 2u
#define WASI_ADVICE_WILLNEED 3u
#define WASI_ADVICE_DONTNEED 4u
#define WASI_ADVICE_NOREUSE 5u

/* poll (§5.11) */
#define WASI_EVENTTYPE_CLOCK 0u
#define WASI_EVENTTYPE_FD_READ 1u
#define WASI_EVENTTYPE_FD_WRITE 2u
#define WASI_EVENT_FD_READWRITE_HANGUP 1u
#define WASI_SUBCLOCK_ABSTIME 1u

/* sockets (§5.12, §5.13) */
#define WASI_RIFLAG_RECV_PEEK 1u
#define WASI_RIFLAG_RECV_WAITALL 2u
#define WASI_ROFLAG_RECV_DATA_TRUNCATED 1u
#define WASI_SDFLAG_RD 1u
#define WASI_SDFLAG_WR 2u

/* preopentype (§5.15), u8 */
#define WASI_PREOPENTYPE_DIR 0u

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
#define WASI_FDSTAT_SIZE 24u  /* filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16 */
#define WASI_PRESTAT_SIZE 8u  /* tag u8 @0, pr_name_len u32 @4 */

#endif /* BSRT_WASI_ABI_H */
