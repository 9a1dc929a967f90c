/*
 * socket_echo.c: serves one connection on a listening socket the host handed in (descriptor
 * argv[1], default 3: after stdio, or after the grants under bs-aot): accept, recv, send back
 * upper-cased, shutdown, close. Run by handed_socket.py, which owns the other end.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errno_names.h"

int main(int argc, char **argv) {
    int listener = argc > 1 ? atoi(argv[1]) : 3;
    int client = accept(listener, NULL, NULL);
    if (client < 0) {
        printf("accept: %s\n", errno_name(errno));
        return 1;
    }
    char buffer[256];
    ssize_t n = recv(client, buffer, sizeof buffer, 0);
    printf("received %zd bytes\n", n);
    if (n < 0) return 1;
    for (ssize_t i = 0; i < n; i++) buffer[i] = (char)toupper((unsigned char)buffer[i]);
    printf("sent %zd bytes\n", send(client, buffer, (size_t)n, 0));
    printf("shutdown: %d\n", shutdown(client, SHUT_WR));
    printf("close: %d\n", close(client));
    /* A second accept on a non-socket descriptor fails the way a native one does. */
    printf("accept on stdout: %s\n", accept(1, NULL, NULL) < 0 ? errno_name(errno) : "succeeded");
    return 0;
}
