/*
 * net.h: what the WASIX network files (sock.c, sockopt.c, dns.c) share, private to
 * runtime-c/src/wasix/: the guest's address structs and the network policy (net.c).
 *
 * Addresses: the guest's addr_port_t (abi/wasix.md §4.6) becomes a host sockaddr and back in
 * one place, so the byte-order rule (port in host order, address bytes in network order,
 * §8.1) is written once. Policy: every call that opens a socket, names an endpoint or
 * resolves a name asks net.c, which reads the launch configuration (bs-aot build --allow-net,
 * --allow-net-to HOST:PORT).
 */
#ifndef BSRT_WASIX_NET_H
#define BSRT_WASIX_NET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "wasix_internal.h"

/* address_family (§5.3) */
#define WASIX_AF_UNSPEC 0u
#define WASIX_AF_INET4 1u
#define WASIX_AF_INET6 2u
#define WASIX_AF_UNIX 3u

/* sock_type (§5.3), and the libc flags that may ride on it (§8.6) */
#define WASIX_SOCK_STREAM 1u
#define WASIX_SOCK_DGRAM 2u
#define WASIX_SOCK_RAW 3u
#define WASIX_SOCK_SEQPACKET 4u
#define WASIX_SOCK_CLOEXEC 0x2000u
#define WASIX_SOCK_NONBLOCK 0x4000u

/* WASIX filetypes beyond preview1's (wasix-libc's getsockopt(SO_TYPE) knows them). */
#define WASIX_FILETYPE_SOCKET_RAW 8u
#define WASIX_FILETYPE_SOCKET_SEQPACKET 9u

#define WASIX_ADDR_PORT_SIZE 110u /* addr_port_t */
#define WASIX_ADDR_IP_SIZE 18u    /* addr_ip_t, resolve's element */

/* A host socket address and its length. */
typedef struct wasix_sockaddr {
    struct sockaddr_storage storage;
    socklen_t len;
} wasix_sockaddr;

static inline const struct sockaddr *wasix_sockaddr_ptr(const wasix_sockaddr *a) {
    return (const struct sockaddr *)&a->storage;
}

/* Reads the addr_port_t at guest `ptr` into `out`: FAULT if its 110 bytes are not in memory,
 * AFNOSUPPORT for an unknown family tag, NAMETOOLONG for a unix path without a NUL in its 108
 * bytes. UNSPEC gives an AF_UNSPEC address (connect's "dissolve the association"). */
uint32_t wasix_addr_port_load(bsrt_instance *self, bsrt_ptr ptr, wasix_sockaddr *out);
/* Writes `addr` as a 110-byte addr_port_t at host address `out` (already checked). A family
 * the guest has no tag for is written as UNSPEC. */
void wasix_addr_port_store(uint8_t *out, const struct sockaddr *addr, socklen_t len);

/* The host address family for a WASIX one (AFNOSUPPORT for UNSPEC and unknown tags). */
uint32_t wasix_host_family(uint32_t af, int *out);

/* ---- policy ------------------------------------------------------------------------------ */

/* SUCCESS when the program was built with --allow-net (or --allow-net-to), else NOTCAPABLE. */
uint32_t wasix_net_check_open(void);
/* SUCCESS when `addr` may be bound, connected to or sent to: always without --allow-net-to
 * entries, else only an address and port some entry names (NOTCAPABLE otherwise). */
uint32_t wasix_net_check_endpoint(const struct sockaddr *addr, socklen_t len);
/* SUCCESS when `host` (a NUL-terminated name or address literal) may be resolved. */
uint32_t wasix_net_check_host(const char *host);

/* ---- I/O vectors at the memory's width ---------------------------------------------------- */


#endif /* BSRT_WASIX_NET_H */
