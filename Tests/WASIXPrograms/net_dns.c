/* net_dns.c: resolve through the host's resolver: "localhost" gives 127.0.0.1 among its
 * addr_ip_t entries (18 bytes: tag @0, address @2), each address once, the capacity bounds
 * the count, and the argument errors. Built with --allow-net; needs no network beyond
 * /etc/hosts. */
#include "net_test.h"

int main(void) {
    uint8_t addrs[18 * 8];
    memset(addrs, 0xee, sizeof addrs);
    uint32_t count = 99;
    CHECK_EQ(wx_resolve("localhost", 9, 0, addrs, 8, &count), WX_SUCCESS, "resolve localhost");
    CHECK(count >= 1 && count <= 8, "resolve gives at least one address");
    bool found = false, duplicate = false, well_formed = true;
    for (uint32_t i = 0; i < count && i < 8; i++) {
        const uint8_t *e = addrs + 18 * i;
        if (e[0] == AF_INET4_WX && e[2] == 127 && e[3] == 0 && e[4] == 0 && e[5] == 1) found = true;
        if (e[0] != AF_INET4_WX && e[0] != AF_INET6_WX) well_formed = false;
        if (e[0] == AF_INET4_WX && e[6] != 0) well_formed = false; /* the rest of an IPv4 entry is zero */
        for (uint32_t j = 0; j < i; j++)
            if (memcmp(addrs + 18 * j, e, 18) == 0) duplicate = true;
    }
    CHECK(found, "localhost resolves to 127.0.0.1");
    CHECK(well_formed, "entries are INET4/INET6 addr_ip_t");
    CHECK(!duplicate, "each address comes once");
    CHECK_EQ(addrs[18 * 8 - 1], 0xee, "nothing written past the capacity");

    uint8_t one[18 + 18];
    memset(one, 0xee, sizeof one);
    CHECK_EQ(wx_resolve("localhost", 9, 80, one, 1, &count), WX_SUCCESS, "resolve with capacity 1 and a port hint");
    CHECK_EQ(count, 1, "the capacity bounds the count");
    CHECK_EQ(one[18], 0xee, "capacity 1 writes one entry");
    CHECK_EQ(wx_resolve("127.0.0.1", 9, 0, one, 1, &count), WX_SUCCESS, "resolve an address literal");
    CHECK(count == 1 && one[0] == AF_INET4_WX && one[2] == 127 && one[5] == 1, "an address literal resolves to itself");

    CHECK_EQ(wx_resolve("", 0, 0, addrs, 8, &count), WX_INVAL, "resolve of an empty name");
    CHECK_EQ(wx_resolve("local\0host", 10, 0, addrs, 8, &count), WX_INVAL, "resolve of a name with a NUL");
    CHECK_EQ(wx_resolve("localhost", 9, 0, (uint8_t *)0xffffff00u, 100, &count), WX_FAULT, "resolve buffer checked");
    CHECK_EQ(wx_resolve("localhost", 9, 0, addrs, 8, (uint32_t *)0xfffffffeu), WX_FAULT, "resolve count checked");
    CHECK_EQ(wx_resolve((const char *)0xfffffff0u, 100, 0, addrs, 8, &count), WX_FAULT, "resolve name checked");
    return wasix_failures;
}
