/*
 * wasix/unsupported.c: the WASIX calls bs-aot answers NOTSUP (58) by design, as the README's
 * WASIX table lists them.
 *
 *  - port_*: Wasmer's virtual network (bridging to a remote network, DHCP, static addresses
 *    and routes of a software stack). A native executable uses the host's network through the
 *    ordinary socket calls (wasix/sock.c); there is no virtual stack to configure, and
 *    wasix-libc's socket API never calls these. Nothing is written through their pointers.
 *  - closure_allocate, closure_prepare, closure_free: they materialise a new WASM function of
 *    a signature chosen at run time in the function table. Wasmer compiles a tiny module on
 *    the fly for that; an ahead-of-time executable has no compiler at run time, and a fixed
 *    set of native trampolines could not forward to the guest's backing function without
 *    allocating its argument buffer in guest memory behind the guest's allocator. Wasmer
 *    itself answers NOTSUP for them outside dynamically linked instance groups, which a
 *    static module never is.
 */
#include "wasix_internal.h"

#define NOT_SUPPORTED(name, params)                                                               \
    uint32_t bsrt_wasix_##name params { return WASI_ENOTSUP; }

/* The parameters are named (and unused) as in bsrt_host.def. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

NOT_SUPPORTED(port_bridge, (bsrt_instance *self, bsrt_ptr network, bsrt_size network_len, bsrt_ptr token, bsrt_size token_len, uint32_t security))
NOT_SUPPORTED(port_unbridge, (bsrt_instance *self))
NOT_SUPPORTED(port_dhcp_acquire, (bsrt_instance *self))
NOT_SUPPORTED(port_addr_add, (bsrt_instance *self, bsrt_ptr cidr))
NOT_SUPPORTED(port_addr_remove, (bsrt_instance *self, bsrt_ptr addr))
NOT_SUPPORTED(port_addr_clear, (bsrt_instance *self))
NOT_SUPPORTED(port_addr_list, (bsrt_instance *self, bsrt_ptr addrs, bsrt_ptr naddrs))
NOT_SUPPORTED(port_mac, (bsrt_instance *self, bsrt_ptr ret_mac))
NOT_SUPPORTED(port_gateway_set, (bsrt_instance *self, bsrt_ptr addr))
NOT_SUPPORTED(port_route_add, (bsrt_instance *self, bsrt_ptr cidr, bsrt_ptr via_router, bsrt_ptr preferred_until, bsrt_ptr expires_at))
NOT_SUPPORTED(port_route_remove, (bsrt_instance *self, bsrt_ptr cidr))
NOT_SUPPORTED(port_route_clear, (bsrt_instance *self))
NOT_SUPPORTED(port_route_list, (bsrt_instance *self, bsrt_ptr routes, bsrt_ptr nroutes))
NOT_SUPPORTED(closure_allocate, (bsrt_instance *self, bsrt_ptr ret_id))
NOT_SUPPORTED(closure_prepare, (bsrt_instance *self, uint32_t backing_fn, uint32_t closure_id, bsrt_ptr arg_types, bsrt_size arg_types_len, bsrt_ptr result_types, bsrt_size result_types_len, bsrt_ptr user_data))
NOT_SUPPORTED(closure_free, (bsrt_instance *self, uint32_t closure_id))
